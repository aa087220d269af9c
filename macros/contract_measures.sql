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
    pivot_measures(relation, measures): one row per report_id of the relation, one column per
    measure holding its value (null when the report has no such cell). A report's cells are
    gathered into two lists, the measures' positions (small integers) and their values, and
    each column looks its position up. DuckDB's PIVOT first groups by (report, measure): one
    group per cell, 203M at 1M reports, which spilled for 878 s of a 2,053 s build; a report's
    cells are unique by key (report_values' primary_key test), so that step is not needed. One
    filtered aggregate per measure is ~20× slower than either.
#}
{% macro pivot_measures(relation, measures) %}
    select
        report_id,
        {%- for m in measures %}
        measure_values[list_position(measure_positions, {{ loop.index }})] as {{ m.name }},
        {%- endfor %}
    from (
        select
            cells.report_id,
            list(measure_index.measure_position order by measure_index.measure_position) as measure_positions,
            list(cells.value order by measure_index.measure_position) as measure_values,
        from {{ relation }} as cells
        left join (
            values
            {%- for m in measures %}
            {%- set key = m.name.split('__') %}
            ('{{ key[0] }}', '{{ key[1] }}', '{{ key[2] }}', {{ loop.index }}){{ "," if not loop.last }}
            {%- endfor %}
        ) as measure_index (table_key, row_key, col_key, measure_position)
            on
                cells.table_key = measure_index.table_key
                and cells.row_key = measure_index.row_key
                and cells.col_key = measure_index.col_key
        group by cells.report_id
    )
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
