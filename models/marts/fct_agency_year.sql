{#
    One row per agency and reporting year, every template measure as a column named
    <table_key>__<row_key>__<col_key>, from the report chosen by agency_year_reports (its header
    states the rule); report_count says how many reports there were for that agency-year.
    The measure columns, their order and types come from this model's contract, generated
    from extract/template.py (counts BIGINT, money DECIMAL(18,4) in 万元).
    Rates come with their denominators; a rate is null when its denominator is 0 or blank, or
    when the report left the 总计 cell it needs blank (no rate is made from a guessed total).
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

pivoted as (

    {{ pivot_measures(ref('report_values'), measures) }}

),

typed as (

    select
        report_id,
        {%- for m in measures %}
        {{ typed_measure(m.name, m.data_type) }} as {{ m.name }},
        {%- endfor %}

    from pivoted

),

rates as (

    select
        report_id,
        requests__total_processed__total as rate_denominator_processed,
        requests__granted__total / nullif(requests__total_processed__total, 0) as share_granted,
        requests__partially_granted__total / nullif(requests__total_processed__total, 0) as share_partially_granted,
        {{ sum_of_outcome(measures, 'denied') }} / nullif(requests__total_processed__total, 0) as share_denied,
        requests__unavailable_not_held__total / nullif(requests__total_processed__total, 0) as share_not_held,
        review_litigation__reconsideration__total as rate_denominator_reconsideration,
        review_litigation__reconsideration__corrected / nullif(review_litigation__reconsideration__total, 0)
            as reconsideration_correction_rate,
        review_litigation__litigation_direct__total + review_litigation__litigation_after_reconsideration__total
            as rate_denominator_litigation,
        (review_litigation__litigation_direct__corrected + review_litigation__litigation_after_reconsideration__corrected)
            / nullif(rate_denominator_litigation, 0) as litigation_correction_rate,

    from typed

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
        typed.{{ m.name }},
        {%- endfor %}
        rates.rate_denominator_processed,
        rates.share_granted::double as share_granted,
        rates.share_partially_granted::double as share_partially_granted,
        rates.share_denied::double as share_denied,
        rates.share_not_held::double as share_not_held,
        rates.rate_denominator_reconsideration,
        rates.reconsideration_correction_rate::double as reconsideration_correction_rate,
        rates.rate_denominator_litigation,
        rates.litigation_correction_rate::double as litigation_correction_rate,

    from current_reports
    inner join reports
        on current_reports.report_id = reports.report_id
    inner join agencies
        on current_reports.agency_id = agencies.agency_id
    left join typed
        on current_reports.report_id = typed.report_id
    left join rates
        on current_reports.report_id = rates.report_id

)

select * from final
