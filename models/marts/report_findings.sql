{#
    One row per report and check — the template identities, the cross-year checks, the
    narrative against the tables, copied text and completeness — with both sides, the
    difference, a verdict and the evidence (cells with their printed text and position).

    status: pass | fail | not_evaluable (a value involved could not be read unambiguously, or a
    cell is missing). severity of a failure: identities are errors, or warnings when blank cells
    (taken as 0) or values we inferred (digit splits, recovered cells, OCR) took part, since
    then the break may be ours; cross-year and narrative checks are warnings; copied text and
    completeness are info. likely_cause says which: extraction, blank_cells or report.
#}

with

checks as (

    select * from {{ ref('identity_checks') }}
    union all by name
    select * from {{ ref('continuity_checks') }}
    union all by name
    select * from {{ ref('narrative_checks') }}
    union all by name
    select * from {{ ref('text_reuse_checks') }}
    union all by name
    select * from {{ ref('completeness_checks') }}

),

reports as (

    select * from {{ ref('reports') }}

),

judged as (

    select
        *,
        case
            when not is_evaluable then 'not_evaluable'
            when {{ check_holds() }} then 'pass'
            else 'fail'
        end as status,

    from checks

),

final as (

    select
        judged.check_id,
        judged.report_id,
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        judged.check_family,
        judged.check_name as identity,
        judged.scope,
        judged.comparison,
        judged.lhs::decimal(18, 4) as lhs,
        judged.rhs::decimal(18, 4) as rhs,
        judged.difference::decimal(18, 4) as difference,
        judged.status,
        case
            when judged.status <> 'fail' then 'info'
            when judged.check_family in ('text_reuse', 'completeness') then 'info'
            when judged.check_family in ('cross_year', 'narrative') then 'warning'
            when judged.blanks_involved or judged.inferred_involved then 'warning'
            else 'error'
        end as severity,
        case
            when judged.status <> 'fail' then null
            when judged.inferred_involved then 'extraction'
            when judged.blanks_involved then 'blank_cells'
            else 'report'
        end as likely_cause,
        judged.blanks_involved,
        judged.inferred_involved,
        judged.ambiguous_involved,
        judged.cells_found,
        judged.cells_expected,
        judged.compared_report_id,
        judged.evidence,

    from judged
    inner join reports
        on judged.report_id = reports.report_id

)

select * from final
