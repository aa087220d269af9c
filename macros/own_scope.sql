{#
    own_scope(relation): the audit page's one scope rule — an agency's figures come from reports
    that cover the agency itself (report_scope self, or unknown); reports that sum up a region
    are counted apart.
#}
{% macro own_scope(relation=none) -%}
    {{ relation ~ '.' if relation else '' }}report_scope in ('self', 'unknown')
{%- endmacro %}
