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
