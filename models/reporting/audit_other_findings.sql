-- The failed checks beyond the identities (cross-year, narrative, copied years, outline, fees,
-- section 二 values, blank and split cells, region summaries …), each with its evidence as
-- report_findings words it: up to 10 per check, errors first. Indicators are shown apart.
with

failed as (

    select
        *,
        row_number() over (
            partition by check_family, identity
            order by
                case severity when 'error' then 0 when 'warning' then 1 else 2 end,
                source_file,
                check_id
        ) as rank_in_check,
    from {{ ref('report_findings') }}
    where status = 'fail' and check_family not in ('identity', 'indicator')

)

select
    check_family,
    identity,
    severity,
    likely_cause,
    agency_name,
    report_year,
    source_file,
    evidence,
from failed
where rank_in_check <= 10
order by check_family, identity, rank_in_check
