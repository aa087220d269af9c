-- Administrative reconsideration and litigation per year, with the cases whose result was
-- corrected, agencies' own reports only.
select
    report_year::varchar as report_year,
    sum(review_litigation__reconsideration__total) as reconsideration,
    sum(review_litigation__reconsideration__corrected) as reconsideration_corrected,
    sum(rate_denominator_litigation) as litigation,
    sum(
        review_litigation__litigation_direct__corrected
        + review_litigation__litigation_after_reconsideration__corrected
    ) as litigation_corrected,
from {{ ref('fct_agency_year') }}
where {{ own_scope() }}
group by report_year
order by report_year
