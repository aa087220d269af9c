{#
    Each agency-year's current report with what fct_agency_year copies besides the report's
    measures: the agency (its region, kind, series) and the report (its file, name, template,
    scope), and how many reports there were. fct_agency_year is kept by agency-year between
    builds: a row is written again only when its header changes in any column
    (macros/by_report.sql: drop_changed_rows), since its measures are its report's alone.
    A view: the model and its pre-hook each read it once.
#}

with

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

reports as (

    select * from {{ ref('reports') }}

),

agencies as (

    select * from {{ ref('agencies') }}

),

final as (

    select
        current_reports.agency_year_id,
        current_reports.agency_id,
        agencies.series_agency_id,
        reports.agency_name,
        agencies.agency_kind,
        agencies.province_name,
        agencies.city_name,
        agencies.county_name,
        agencies.region_code,
        agencies.region_level,
        current_reports.report_year,
        current_reports.report_id,
        reports.source_file,
        reports.template_version,
        reports.report_scope,
        current_reports.report_count,

    from current_reports
    inner join reports
        on current_reports.report_id = reports.report_id
    inner join agencies
        on current_reports.agency_id = agencies.agency_id

)

select * from final
