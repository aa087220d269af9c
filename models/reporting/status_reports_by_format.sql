-- `ogi status`: input files by status and format.
select
    status,
    file_format,
    count(*) as files,
from {{ ref('dim_reports') }}
group by all
order by all
