{#
    contract_measures(model_name): the measure columns of a model's contract (the columns
    named <table_key>__<row_key>__<col_key>), in contract order, each with its data_type and
    meta: the calling model's own, or the named model's, read from the graph (which dbt fills
    at execution; at parse time that list is empty). The
    contract of fct_agency_year is generated from extract/template.py, so the wide table
    follows the one template definition: its columns, their order and their types.
#}
{% macro contract_measures(model_name=none) %}
    {% set columns = [] %}
    {% if model_name %}
        {% for node in graph.get('nodes', {}).values() if node.resource_type == 'model' and node.name == model_name %}
            {% do columns.extend(node.columns.values()) %}
        {% endfor %}
    {% else %}
        {% do columns.extend(model.columns.values()) %}
    {% endif %}
    {% set found = [] %}
    {% for column in columns if column.name.count('__') == 2 %}
        {% do found.append(column) %}
    {% endfor %}
    {{ return(found) }}
{% endmacro %}

{#
    pivot_measures(relation, measures): one row per report_id, one column per measure holding
    max(value). DuckDB's PIVOT is ~20× faster than one filtered aggregate per measure; this
    macro is the one place that uses it, so a port to another engine rewrites only this (e.g.
    as max(case when … end) per measure).
#}
{% macro pivot_measures(relation, measures) %}
    pivot (
        select
            report_id,
            table_key || '__' || row_key || '__' || col_key as measure,
            value
        from {{ relation }}
    )
    on measure in (
        {%- for m in measures %}'{{ m.name }}'{{ "," if not loop.last }}{%- endfor %}
    )
    using max(value)
    group by report_id
{% endmacro %}

{#
    typed_measure(expression, data_type): a DECIMAL value as its published type. A count
    (bigint) with a fraction is a misprint or a misread: it becomes null, never rounded (the
    report's warnings name the cell).
#}
{% macro typed_measure(expression, data_type) -%}
    {%- if data_type == 'bigint' -%}
        case when {{ expression }} = trunc({{ expression }}) then {{ expression }}::bigint end
    {%- else -%}
        cast({{ expression }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}

{#
    sum_of_outcome(measures, outcome_group): the sum of the 总计 measures of one outcome group of
    section 三 (e.g. denied: （三）1–8), chosen by the template attributes the contract carries
    in each column's meta (outcome_group; applicant_group is empty for 总计), not by names.
#}
{% macro sum_of_outcome(measures, outcome_group) -%}
    {%- set members = [] -%}
    {%- for m in measures -%}
        {%- if m.meta.get('outcome_group') == outcome_group and not m.meta.get('applicant_group') -%}
            {%- do members.append(m.name) -%}
        {%- endif -%}
    {%- endfor -%}
    ({{ members | join(' + ') }})
{%- endmacro %}
