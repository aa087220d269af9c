-- The broken identities of the reports shown with evidence (audit_worst_reports).
select
    findings.report_id,
    findings.identity,
    findings.scope,
    findings.lhs,
    findings.rhs,
    findings.severity,
    findings.likely_cause,
    findings.evidence,
from {{ ref('report_findings') }} as findings
inner join {{ ref('audit_worst_reports') }} as worst
    on findings.report_id = worst.report_id
where findings.status = 'fail' and findings.check_family = 'identity'
order by findings.severity, findings.identity, findings.scope
