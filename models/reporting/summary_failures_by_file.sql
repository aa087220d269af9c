-- The end of `ogi run`: failed checks per file, the most errors first.
select
    source_file,
    {{ severity_counts() }}
from {{ ref('report_findings') }}
where status = 'fail'
group by source_file
order by errors desc, warnings desc, source_file asc
