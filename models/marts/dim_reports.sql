with

reports as (

    select * from {{ ref('reports') }}

),

agencies as (

    select * from {{ ref('agencies') }}

),

final as (

    select
        reports.report_id,
        reports.source_file,
        reports.source_path,
        reports.file_format,
        reports.size_bytes,
        reports.status,
        reports.error_message,
        reports.warning_count,
        reports.warnings_text,
        reports.agency_id,
        reports.agency_name,
        agencies.province_name,
        agencies.city_name,
        agencies.county_name,
        agencies.region_code,
        agencies.region_level,
        agencies.region_source,
        agencies.region_confidence,
        agencies.agency_kind,
        agencies.series_agency_id,
        reports.report_scope,
        reports.scope_evidence,
        reports.report_year,
        reports.published_date,
        reports.template_version,
        reports.layout,
        reports.cell_count,
        reports.inferred_cell_count,
        reports.ambiguous_cell_count,
        reports.extractor_version,

    from reports
    left join agencies
        on reports.agency_id = agencies.agency_id

)

select * from final
