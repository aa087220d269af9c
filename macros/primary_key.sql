{#
    primary_key(columns): a generic data test — no two rows share these columns' values and none
    of them is null (a composite key; dbt_utils is not reachable here). Fails with each key that
    is repeated or incomplete and how many rows hold it.
#}
{% test primary_key(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as rows_with_this_key
from {{ model }}
group by {{ columns | join(', ') }}
having
    count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}

{% endtest %}
