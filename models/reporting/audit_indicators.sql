-- Readers' indicators, shown apart from the findings: per indicator, the agency-years with a
-- rate, how many are beyond the threshold, and the spread of the rate.
select
    indicator,
    comparison,
    threshold,
    count(rate) as agency_years,
    count(*) filter (where is_beyond_threshold) as beyond_threshold,
    quantile_cont(rate, 0.25) as rate_p25,
    median(rate) as rate_median,
    quantile_cont(rate, 0.75) as rate_p75,
from {{ ref('fct_indicators') }}
group by indicator, comparison, threshold
order by indicator
