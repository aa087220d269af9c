with

reports as (

    select * from {{ ref('stg_raw__reports') }}

),

agency_names as (

    select * from {{ ref('agency_names') }}

),

cell_counts as (

    select
        report_id,
        count(*) as cell_count,
        count(*) filter (where is_inferred) as inferred_cell_count,
        count(*) filter (where is_ambiguous) as ambiguous_cell_count,

    from {{ ref('stg_raw__cells') }}
    group by report_id

),

final as (

    select
        reports.report_id,
        reports.source_file,
        reports.source_path,
        reports.file_format,
        reports.size_bytes,
        reports.status,
        reports.is_parsed,
        reports.error_message,
        reports.warning_count,
        reports.warnings_text,
        agency_names.agency_id,
        coalesce(agency_names.agency_name, reports.agency_name_printed) as agency_name,
        reports.agency_name_printed,
        reports.agency_source,
        reports.report_year,
        reports.year_source,
        reports.published_date,
        reports.published_source,
        reports.template_version,
        reports.template_evidence,
        reports.layout,
        case
            when agency_names.agency_kind in ('department', 'other_body') then 'self'
            else reports.report_scope_printed
        end as report_scope,
        reports.scope_evidence,
        reports.extractor_version,
        coalesce(cell_counts.cell_count, 0) as cell_count,
        coalesce(cell_counts.inferred_cell_count, 0) as inferred_cell_count,
        coalesce(cell_counts.ambiguous_cell_count, 0) as ambiguous_cell_count,

    from reports
    left join agency_names
        on reports.agency_name_printed = agency_names.agency_name_printed
    left join cell_counts
        on reports.report_id = cell_counts.report_id

)

select * from final
