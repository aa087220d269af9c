-- depends_on: {{ ref('template_items') }}
{#
    One row per agency and reporting year, every canonical measure as a column named
    <table_key>__<row_key>__<col_key>, from the report chosen by agency_year_reports (its header
    states the rule); report_count says how many reports there were for that agency-year.
    Rates come with their denominators; a rate is null when its denominator is 0 or blank, or
    when the report left the 总计 cell it needs blank (no rate is made from a guessed total).
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

pivoted as (

    {{ pivot_measures(ref('report_values'), measures) }}

),

agencies as (

    select * from {{ ref('agencies') }}

),

with_rates as (

    select
        *,
        requests__total_processed__total as rate_denominator_processed,
        requests__granted__total / nullif(requests__total_processed__total, 0) as share_granted,
        requests__partially_granted__total / nullif(requests__total_processed__total, 0) as share_partially_granted,
        (
            requests__denied_state_secret__total + requests__denied_prohibited_by_law__total
            + requests__denied_security_stability__total + requests__denied_third_party__total
            + requests__denied_internal_affairs__total + requests__denied_process_info__total
            + requests__denied_enforcement_file__total + requests__denied_admin_query__total
        ) / nullif(requests__total_processed__total, 0) as share_denied,
        requests__unavailable_not_held__total / nullif(requests__total_processed__total, 0) as share_not_held,
        review_litigation__reconsideration__total as rate_denominator_reconsideration,
        review_litigation__reconsideration__corrected / nullif(review_litigation__reconsideration__total, 0) as reconsideration_correction_rate,
        review_litigation__litigation_direct__total + review_litigation__litigation_after_reconsideration__total
            as rate_denominator_litigation,
        (review_litigation__litigation_direct__corrected + review_litigation__litigation_after_reconsideration__corrected)
            / nullif(review_litigation__litigation_direct__total + review_litigation__litigation_after_reconsideration__total, 0)
            as litigation_correction_rate,

    from pivoted

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
        with_rates.* exclude (report_id),

    from current_reports
    inner join reports
        on current_reports.report_id = reports.report_id
    inner join agencies
        on current_reports.agency_id = agencies.agency_id
    left join with_rates
        on current_reports.report_id = with_rates.report_id

)

select * from final
