-- The denial and not-held shares of every agency-year with its agency kind and level, long
-- (one row per share): the page draws their distributions and names the outliers.
with

agency_years as (

    select * from {{ ref('fct_agency_year') }}
    where {{ own_scope() }}

),

shares as (

    unpivot agency_years
    on share_denied, share_not_held
    into name share value share_value

)

select
    share,
    coalesce(agency_kind, '(unknown)') as agency_kind,
    coalesce(region_level, '(unknown)') as region_level,
    agency_name,
    report_year,
    source_file,
    share_value,
    rate_denominator_processed,
from shares
where share_value is not null
order by share, agency_kind, region_level, agency_name, report_year
