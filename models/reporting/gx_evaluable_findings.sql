-- Great Expectations' frame for the finding suites: every check that could be evaluated.
select * from {{ ref('report_findings') }}
where status <> 'not_evaluable'
