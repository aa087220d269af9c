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
