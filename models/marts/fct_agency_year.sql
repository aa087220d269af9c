{#
    One row per agency and reporting year, every template measure as a column named
    <table_key>__<row_key>__<col_key>, from the report chosen by agency_year_reports (its header
    states the rule); report_count says how many reports there were for that agency-year.
    The measure columns, their order and types come from this model's contract, generated
    from extract/template.py (counts BIGINT, money DECIMAL(18,4) in 万元).
    Rates come with their denominators (report_measures says how they are made).
    Kept by agency-year between builds: a row's header (agency_year_headers) and its report's
    measures are all it holds, so only agency-years whose header changed are written again.
#}

{% set measures = contract_measures() %}

with

headers as (

    -- the agency-years this build has not published yet, or whose header changed (kept by
    -- agency-year between builds: macros/by_report.sql)
    select * from {{ ref('agency_year_headers') }} as headers
    where {{ new_keys_only('headers.agency_year_id', key='agency_year_id') }}

),

report_measures as (

    -- each report's measures, typed, and its rates (kept by report between builds)
    select * from {{ ref('report_measures') }}

),

final as (

    select
        headers.agency_year_id,
        headers.agency_id,
        headers.series_agency_id,
        headers.agency_name,
        headers.agency_kind,
        headers.province_name,
        headers.city_name,
        headers.county_name,
        headers.region_code,
        headers.region_level,
        headers.report_year,
        headers.report_id,
        headers.source_file,
        headers.template_version,
        headers.report_scope,
        headers.report_count,
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

    from headers
    left join report_measures
        on headers.report_id = report_measures.report_id

)

select * from final
