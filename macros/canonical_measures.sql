{#
    canonical_measures(): the distinct (table_key, row_key, col_key) of the template dictionary
    in print order, read from the seed at run time, so the wide fact table follows the one
    template definition. Returns [] while dbt only parses.
#}
{% macro canonical_measures() %}
    {% if not execute %}
        {{ return([]) }}
    {% endif %}
    {% set query %}
        select table_key, row_key, col_key
        from {{ ref('template_items') }}
        group by table_key, row_key, col_key
        order by
            case table_key when 'requests' then 1 when 'review_litigation' then 2 else 3 end,
            min(row_order), min(template_version), min(col_order)
    {% endset %}
    {% set rows = run_query(query).rows %}
    {{ return(rows) }}
{% endmacro %}

{#
    pivot_measures(relation, measures): one row per report_id, one column per measure
    (<table_key>__<row_key>__<col_key>) holding max(value). DuckDB's PIVOT is ~20× faster than
    one filtered aggregate per measure; this macro is the one place that uses it, so a port to
    another engine rewrites only this (e.g. as max(case when … end) per measure).
#}
{% macro pivot_measures(relation, measures) %}
    pivot (
        select report_id, table_key || '__' || row_key || '__' || col_key as measure, value
        from {{ relation }}
    )
    on measure in (
        {%- for m in measures %}'{{ m[0] }}__{{ m[1] }}__{{ m[2] }}'{{ "," if not loop.last }}{%- endfor %}
    )
    using max(value)
    group by report_id
{% endmacro %}
