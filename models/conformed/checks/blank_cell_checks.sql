{#
    The share of blank cells in sections 三 and 四, per report and table: cells printed blank
    (empty, or a blank mark such as / or —) over the cells the template has there, besides the
    cells not found at all. A report leaving more than var('ogi_max_blank_share') of a table
    blank is listed: its identities then rest on blanks read as 0. Info-level.
    Kept by report (dbt_project.yml): a build adds the reports it has not judged, and first
    drops the rows judged by another threshold than its own (dbt build --vars).
#}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed and {{ new_reports_only() }}

),

template_cells as (

    select
        template_version,
        table_key,
        count(*) filter (where not is_optional) as cells_expected,
    from {{ ref('template_items') }}
    where table_key in (select identities.table_key from {{ ref('template_identities') }} as identities)
    group by template_version, table_key

),

printed as (

    select
        report_id,
        table_key,
        count(*) as cells_found,
        count(*) filter (where is_blank) as blank_cells,
        bool_or(is_uncertain_read) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,
    from {{ ref('report_values') }}
    where not is_derived and is_template_item and {{ new_reports_only() }}
    group by report_id, table_key

),

final as (

    select
        reports.report_id || '.blank_cells.' || template_cells.table_key as check_id,
        reports.report_id,
        'blank_cells' as check_family,
        'blank_share' as check_name,
        template_cells.table_key as scope,
        'at_most' as comparison,
        round(coalesce(printed.blank_cells, 0) / template_cells.cells_expected, 4) as lhs,
        {{ var('ogi_max_blank_share') }} as rhs,
        coalesce(printed.cells_found, 0) as cells_found,
        template_cells.cells_expected,
        printed.cells_found is not null as is_evaluable,
        coalesce(printed.blank_cells, 0) > 0 as blanks_involved,
        coalesce(printed.inferred_involved, false) as inferred_involved,
        coalesce(printed.ambiguous_involved, false) as ambiguous_involved,
        null as compared_report_id,
        coalesce(printed.blank_cells, 0) || ' of ' || template_cells.cells_expected || ' cells blank, '
        || greatest(template_cells.cells_expected - coalesce(printed.cells_found, 0), 0)
        || ' not found' as evidence,

    from reports
    inner join template_cells
        on reports.template_version = template_cells.template_version
    left join printed
        on
            reports.report_id = printed.report_id
            and template_cells.table_key = printed.table_key

)

select {{ check_columns() }} from final
