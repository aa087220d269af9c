-- depends_on: {{ ref('template_items') }}
{#
    One row per agency and reporting year, every canonical measure as a column named
    <table_key>__<row_key>__<col_key>, from the report chosen by agency_year_reports (its header
    states the rule); report_count says how many reports there were for that agency-year.
#}

{% set measures = canonical_measures() %}

with

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

reports as (

    select * from {{ ref('reports') }}

),

report_values as (

    select * from {{ ref('report_values') }}

),

pivoted as (

    select
        report_id,
        {%- for m in measures %}
        max(value) filter (
            where table_key = '{{ m[0] }}' and row_key = '{{ m[1] }}' and col_key = '{{ m[2] }}'
        ) as {{ m[0] }}__{{ m[1] }}__{{ m[2] }},
        {%- endfor %}

    from report_values
    group by report_id

),

final as (

    select
        current_reports.agency_year_id,
        current_reports.agency_id,
        reports.agency_name,
        current_reports.report_year,
        current_reports.report_id,
        reports.source_file,
        reports.template_version,
        current_reports.report_count,
        pivoted.* exclude (report_id),

    from current_reports
    inner join reports
        on current_reports.report_id = reports.report_id
    left join pivoted
        on current_reports.report_id = pivoted.report_id

)

select * from final
