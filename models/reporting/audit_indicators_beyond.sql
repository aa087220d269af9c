-- The agency-years whose indicator is beyond its threshold, with numerator, denominator and
-- the agency's percentile among its peers (same kind, region level and year).
select
    indicators.indicator,
    indicators.agency_name,
    indicators.report_year,
    reports.source_file,
    indicators.numerator,
    indicators.denominator,
    indicators.rate,
    indicators.threshold,
    indicators.peer_percentile,
    indicators.peers,
from {{ ref('fct_indicators') }} as indicators
inner join {{ ref('dim_reports') }} as reports
    on indicators.report_id = reports.report_id
where indicators.is_beyond_threshold
order by indicators.indicator asc, indicators.rate desc, indicators.agency_name asc
