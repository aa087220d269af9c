{#
    One row per parsed report with a value: every template measure as a column
    <table_key>__<row_key>__<col_key>, typed as fct_agency_year's contract says, and the rates
    with their denominators. A function of the report alone, so it is kept by report between
    builds (dbt_project.yml) and fct_agency_year only picks each agency-year's current report.
    Rates are null when their denominator is 0 or blank, or when the report left the 总计 cell
    they need blank (no rate is made from a guessed total).
#}

{% set measures = contract_measures('fct_agency_year') %}

with

report_values as (

    select * from {{ ref('report_values') }}
    where {{ new_reports_only() }}

),

pivoted as (

    {{ pivot_measures('report_values', measures) }}

),

typed as (

    select
        report_id,
        {%- for m in measures %}
        {{ typed_measure(m.name, m.data_type) }} as {{ m.name }},
        {%- endfor %}

    from pivoted

),

final as (

    select
        *,
        requests__total_processed__total as rate_denominator_processed,
        (requests__granted__total / nullif(requests__total_processed__total, 0))::double as share_granted,
        (requests__partially_granted__total / nullif(requests__total_processed__total, 0))::double
            as share_partially_granted,
        ({{ sum_of_outcome(measures, 'denied') }} / nullif(requests__total_processed__total, 0))::double
            as share_denied,
        (requests__unavailable_not_held__total / nullif(requests__total_processed__total, 0))::double as share_not_held,
        review_litigation__reconsideration__total as rate_denominator_reconsideration,
        (
            review_litigation__reconsideration__corrected / nullif(review_litigation__reconsideration__total, 0)
        )::double as reconsideration_correction_rate,
        review_litigation__litigation_direct__total + review_litigation__litigation_after_reconsideration__total
            as rate_denominator_litigation,
        (
            (review_litigation__litigation_direct__corrected + review_litigation__litigation_after_reconsideration__corrected)
            / nullif(rate_denominator_litigation, 0)
        )::double as litigation_correction_rate,

    from typed

)

select * from final
