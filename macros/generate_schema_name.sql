{#
    Layer schemas are named as the layer itself (staging, conformed, marts) rather than
    dbt's default <target>_<custom>, so analysts query `marts.fct_agency_year`.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
