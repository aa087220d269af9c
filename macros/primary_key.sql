{#
    The key tests, grouped by hash first.

    Grouping millions of rows by their text keys is slow, and dbt runs a model's tests before
    its children, so a key test of a large table holds up the whole build. Both tests below
    first group the keys by their hash: equal keys hash alike, so every repeated key is among
    the hashes held by more than one row, and only the rows of those hashes are grouped by the
    columns themselves. The result is exact; a hash two different keys share costs a second
    look, never a false failure. At 100,000 reports: report_values' four-column key 5.6 s →
    2.3 s; unique on identity_sums.check_id (4.5M rows) 2.45 s → 0.84 s, on
    report_findings.check_id (7.3M) 3.5 s → 2.2 s. (Not on a view: reading it twice computes its
    joins twice.)

    repeated_hashes(model, key, where): the CTE of the hashes more than one row's key has, over
    the rows where `where` holds (as a CTE 10-30% faster than the same subquery inline).

    kept_by_report (an argument of both tests, for a model kept by report whose key holds the
    report): test only the rows of the reports listed in the Parquet file var('ogi_reports_to_test')
    names, when it names one. `ogi build` lists there the reports of the raw layer whose values
    the green build it starts from did not hold. Sound because every row of such a model either
    was copied from that build, where it passed these tests (a kept row is deleted, never
    rewritten), or was added by this build for a report of the raw layer that build had not
    read; and two reports' keys cannot be equal. Only ogi may list: it swaps in green builds
    only, so a row that failed is never in the copy it starts from, and its report is listed
    again. A plain `dbt build` (the var empty) tests every row. At 100,000 reports, nothing new:
    report_values' key 11.2 s -> 0.05 s, identity_sums' check_id 2.3 s -> 0.07 s.
#}
{% macro rows_to_test(kept_by_report) -%}
    {%- if kept_by_report and var('ogi_reports_to_test') -%}
        (report_id is null or report_id in (
            select listed.report_id
            from read_parquet('{{ var("ogi_reports_to_test") | replace("'", "''") }}') as listed
        ))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro repeated_hashes(model, key, where='true') -%}
repeated_hashes as (

    select hash({{ key }}) as key_hash
    from {{ model }}
    where {{ where }}
    group by key_hash
    having count(*) > 1

)
{%- endmacro %}

{#
    unique(column_name, kept_by_report): dbt's built-in test, re-implemented here so that it
    takes precedence (dbt's "customizing built-in tests"): the same rows and columns as dbt's own
    (each repeated value, unique_field, and n_records; nulls are not_null's business), found by
    hash first.
#}
{% test unique(model, column_name, kept_by_report=false) %}

{%- set tested_rows = column_name ~ ' is not null and ' ~ rows_to_test(kept_by_report) %}

with

{{ repeated_hashes(model, column_name, tested_rows) }}

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where
    {{ tested_rows }}
    and hash({{ column_name }}) in (select repeated_hashes.key_hash from repeated_hashes)
group by {{ column_name }}
having count(*) > 1

{% endtest %}

{#
    primary_key(columns, kept_by_report): a generic data test — no two rows share these
    columns' values and none of them is null (a composite key; dbt_utils is not reachable
    here). Fails with each key that is repeated or incomplete and how many rows hold it.
#}
{% test primary_key(model, columns, kept_by_report=false) %}

{%- set key = columns | join(', ') %}
{#- " or <column> is null" for each column: a key with a null part is reported too #}
{%- set incomplete -%}
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}
{%- endset %}

with

{{ repeated_hashes(model, key, rows_to_test(kept_by_report)) }}

select
    {{ key }},
    count(*) as rows_with_this_key
from {{ model }}
where
    {{ rows_to_test(kept_by_report) }}
    and (
        hash({{ key }}) in (select repeated_hashes.key_hash from repeated_hashes){{ incomplete }}
    )
group by {{ key }}
having
    count(*) > 1{{ incomplete }}

{% endtest %}
