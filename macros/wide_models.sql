{#
    Two of dbt's checks of a model's columns, re-implemented to find each column by name in a
    dict: dbt's own search a list for every column, so a model of ~230 columns (fct_agency_year,
    report_measures) costs tens of thousands of sandboxed Jinja steps. Same results, same errors.

    assert_columns_equivalent(sql): a contract's columns (names and types) against those the
    model's SQL gives, on every build of a model whose contract is enforced.
    duckdb__diff_column_data_types(source_columns, target_columns): the columns whose type an
    incremental model's new rows would change (its on_schema_change check).
#}
{% macro assert_columns_equivalent(sql) %}
    {%- set user_defined_columns = model['columns'] -%}
    {%- if not user_defined_columns -%}
        {{ exceptions.raise_contract_error([], []) }}
    {%- endif -%}
    {%- set sql_columns = format_columns(get_column_schema_from_query(sql, config.get('sql_header', none))) -%}
    {%- set yaml_columns = format_columns(get_column_schema_from_query(get_empty_schema_sql(user_defined_columns))) -%}
    {%- if sql_columns | length != yaml_columns | length -%}
        {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
    {%- endif -%}
    {%- set yaml_formatted = {} -%}
    {%- for yaml_column in yaml_columns | reverse -%}  {#- the first of a name wins, as in dbt's -#}
        {%- do yaml_formatted.update({yaml_column['name']: yaml_column['formatted']}) -%}
    {%- endfor -%}
    {%- for sql_column in sql_columns -%}
        {%- if yaml_formatted.get(sql_column['name']) != sql_column['formatted'] -%}
            {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{% macro duckdb__diff_column_data_types(source_columns, target_columns) %}
    {%- set target_by_name = {} -%}
    {%- for target_column in target_columns | reverse -%}
        {%- do target_by_name.update({target_column.name: target_column}) -%}
    {%- endfor -%}
    {%- set result = [] -%}
    {%- for source_column in source_columns -%}
        {%- set target_column = target_by_name.get(source_column.name) -%}
        {%- if target_column
            and source_column.expanded_data_type != target_column.expanded_data_type
            and not source_column.can_expand_to(other_column=target_column) -%}
            {%- do result.append({'column_name': target_column.name, 'new_type': source_column.expanded_data_type}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(result) }}
{% endmacro %}
