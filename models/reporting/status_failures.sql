-- `ogi status`: the files that could not be read, and why.
select
    source_file,
    error_message,
from {{ ref('dim_reports') }}
where status = 'failed'
order by source_file
