-- Great Expectations' frame for the finding suites: every check that could be evaluated. A view:
-- validate reads it a chunk of reports at a time, and a copy of report_findings cost the build.
{{ config(materialized='view') }}

select * from {{ ref('report_findings') }}
where status <> 'not_evaluable'
