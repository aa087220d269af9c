-- Input files by status (parsed, parsed_with_warnings, failed).
select
    status,
    count(*) as files,
from {{ ref('dim_reports') }}
group by status
order by status
