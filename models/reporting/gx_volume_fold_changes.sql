-- Great Expectations' frame for the volume-jump suite: how many times one year's requests are the
-- other's (1 when both are below 20; a large number when one year is 0).
select
    check_id,
    report_id,
    lhs,
    rhs,
    case
        when greatest(lhs, rhs) < 20 then 1.0
        else coalesce(greatest(lhs, rhs) / nullif(least(lhs, rhs), 0), 1e9)
    end as fold_change,
from {{ ref('report_findings') }}
where identity = 'request_volume_jump' and status <> 'not_evaluable'
