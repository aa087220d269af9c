{#
    evidence_of(): one readable line per cell taking part in a check —
    "<row>.<col>=<printed text> @<position in the source file>" — aggregated with '; '.
#}
{% macro evidence_of() -%}
    string_agg(
        row_key || '.' || col_key || '=' || coalesce(nullif(value_text, ''), '∅') || ' @' || coalesce(source_position, '?'),
        '; ' order by row_key, col_key
    )
{%- endmacro %}

{#
    check_columns(): the columns every check model publishes, in this order and with these
    types — the interface report_findings unions and judges (each check model's contract in
    _conformed__models.yml states the same list). Selected from a relation whose columns carry
    these names; difference is lhs − rhs.
#}
{% macro check_columns() -%}
    check_id::varchar as check_id,
    report_id::varchar as report_id,
    check_family::varchar as check_family,
    check_name::varchar as check_name,
    scope::varchar as scope,
    comparison::varchar as comparison,
    lhs::decimal(18, 4) as lhs,
    rhs::decimal(18, 4) as rhs,
    (lhs - rhs)::decimal(18, 4) as difference,
    cells_found::bigint as cells_found,
    cells_expected::integer as cells_expected,
    is_evaluable::boolean as is_evaluable,
    blanks_involved::boolean as blanks_involved,
    inferred_involved::boolean as inferred_involved,
    ambiguous_involved::boolean as ambiguous_involved,
    compared_report_id::varchar as compared_report_id,
    evidence::varchar as evidence
{%- endmacro %}

{#
    text_check_flags(): the check columns of a check on the narrative (copied text,
    completeness), which reads no table cell: always evaluable, no blank, inferred or
    ambiguous value involved.
#}
{% macro text_check_flags() -%}
        1 as cells_found,
        1 as cells_expected,
        true as is_evaluable,
        false as blanks_involved,
        false as inferred_involved,
        false as ambiguous_involved,
{%- endmacro %}

{#
    check_holds(): whether a check's two sides stand in the relation its `comparison` names —
    the one statement of each relation, used by report_findings (the verdict) and
    identity_evidence (which checks need evidence). Null when a side is null (never a pass).
      equal       lhs = rhs
      at_most     lhs <= rhs
      at_least    lhs >= rhs
      within_5x   neither side is more than 5 times the other (below 20 both, anything goes)
#}
{% macro check_holds(comparison='comparison', lhs='lhs', rhs='rhs') -%}
    case {{ comparison }}
        when 'equal' then {{ lhs }} = {{ rhs }}
        when 'at_most' then {{ lhs }} <= {{ rhs }}
        when 'at_least' then {{ lhs }} >= {{ rhs }}
        when 'within_5x' then greatest({{ lhs }}, {{ rhs }}) < 20 or ({{ lhs }} <= 5 * {{ rhs }} and {{ rhs }} <= 5 * {{ lhs }})
    end
{%- endmacro %}

{#
    severity_counts(relation): the failed checks of a group counted by severity — errors,
    warnings and infos — for the summaries of report_findings.
#}
{% macro severity_counts(relation=none) -%}
    {%- set column = (relation ~ '.' if relation else '') ~ 'severity' -%}
    count(*) filter (where {{ column }} = 'error') as errors,
    count(*) filter (where {{ column }} = 'warning') as warnings,
    count(*) filter (where {{ column }} = 'info') as infos,
{%- endmacro %}
