{#
    One row per agency and reporting year, every template measure as a column named
    <table_key>__<row_key>__<col_key>, from the report chosen by agency_year_reports (its header
    states the rule); report_count says how many reports there were for that agency-year.
    The measure columns, their order and types come from this model's contract, generated
    from extract/template.py (counts BIGINT, money DECIMAL(18,4) in 万元).
    Rates come with their denominators (report_measures says how they are made).
#}

{% set measures = contract_measures() %}

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

report_measures as (

    -- each report's measures, typed, and its rates (kept by report between builds)
    select * from {{ ref('report_measures') }}

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
        {%- for m in measures %}
        report_measures.{{ m.name }},
        {%- endfor %}
        report_measures.rate_denominator_processed,
        report_measures.share_granted,
        report_measures.share_partially_granted,
        report_measures.share_denied,
        report_measures.share_not_held,
        report_measures.rate_denominator_reconsideration,
        report_measures.reconsideration_correction_rate,
        report_measures.rate_denominator_litigation,
        report_measures.litigation_correction_rate,

    from current_reports
    inner join reports
        on current_reports.report_id = reports.report_id
    inner join agencies
        on current_reports.agency_id = agencies.agency_id
    left join report_measures
        on current_reports.report_id = report_measures.report_id

)

select * from final
