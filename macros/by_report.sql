{#
    Models whose rows are a function of one report alone (its cells, its template version) are
    incremental by report: a build adds the rows of reports it has not seen and deletes the rows
    of reports that left the input; the rows of every other report stay as they are. A report
    id is the SHA-256 of the file, so a corrected re-issue is a new report and the old one
    leaves. Anything else that could change a kept report's rows (code, models, seeds, the
    extractor) changes the project fingerprint, and then ogi builds from scratch.

    Which models are kept this way, and their configuration, is in dbt_project.yml
    (&kept_by_report).
    new_reports_only(column): the filter of such a model's select: the raw layer's reports not
    yet in it. Its inner subquery is distinct: the model holds many rows a report, and DuckDB
    builds its hash table from every row the subquery returns (report_values at 100,000
    reports, nothing new: 6.3 s against 0.5 s). A semi join on the few reports that arrived,
    not an anti join on those already in: DuckDB takes the semi join below the joins of the
    model's view to the scan (identity_sums, nothing new: 1.3 s -> 0.5 s alone).
    drop_left_reports(): its pre-hook: delete the rows of reports no longer in the raw layer.
    (A report still there keeps its rows: its file's bytes, hence what was read from them, are
    the same; a failed one read again later has no rows yet and is added.)
#}
{% macro new_reports_only(column='report_id') -%}
    {%- if is_incremental() -%}
        {{ column }} in (
            select arrived.report_id from {{ source('raw', 'reports') }} as arrived
            where arrived.report_id not in (select distinct existing.report_id from {{ this }} as existing)
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro drop_left_reports() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where report_id not in (select current_reports.report_id from {{ source('raw', 'reports') }} as current_reports)
    {%- endif -%}
{%- endmacro %}

{#
    drop_judged_by_another(column, value): the second pre-hook of a model kept by report whose
    rows carry a var they were judged by (blank_cell_checks: rhs, var ogi_max_blank_share):
    delete the rows judged by another value, so that the model takes their reports as new.
#}
{% macro drop_judged_by_another(column, value) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ column }} <> {{ value }}
    {%- endif -%}
{%- endmacro %}

{#
    The same for a model whose rows are a function of a pair of reports (agency_year_pairs:
    an agency's report of a year and its report of the year before): a build checks the pairs
    it has not seen and deletes the rows of pairs that no longer stand (a report left, or
    another now stands for its agency-year).
    compared: the model's column of the pair's earlier report. copied: the columns the model
    copies from agency_year_pairs besides the two reports (a row is stale when they changed).
#}
{% macro new_pairs_only(pairs, compared='compared_report_id') -%}
    {%- if is_incremental() -%}
        not exists (
            select 1 from {{ this }} as existing
            where
                existing.report_id = {{ pairs }}.report_id
                and existing.{{ compared }} = {{ pairs }}.compared_report_id
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro drop_left_pairs(compared='compared_report_id', copied=[]) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as existing
        where not exists (
            select 1 from {{ ref('agency_year_pairs') }} as pairs
            where
                pairs.report_id = existing.report_id
                and pairs.compared_report_id = existing.{{ compared }}
                {%- for column in copied %}
                and pairs.{{ column }} = existing.{{ column }}
                {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}

{#
    The same for a model with one row a key whose every column but the kept-by-report measures
    comes from a header view (fct_agency_year: agency_year_headers): a build writes the keys it
    has not seen and deletes each row whose header changed in any column, or left; a changed
    row is then written again as new.
    new_keys_only(column, key): the filter of its select (column: the header's key as the
    select names it; key: the model's column holding it).
    drop_changed_rows(header_model): its pre-hook; the header's columns are read from the
    warehouse, so a column added to the header is compared without editing this macro.
#}
{% macro new_keys_only(column, key) -%}
    {%- if is_incremental() -%}
        {{ column }} not in (select existing.{{ key }} from {{ this }} as existing)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro drop_changed_rows(header_model) -%}
    {%- if is_incremental() -%}
        {%- set header = ref(header_model) -%}
        delete from {{ this }} as existing
        where not exists (
            select 1 from {{ header }} as headers
            where
                {%- for column in adapter.get_columns_in_relation(header) %}
                {% if not loop.first %}and {% endif -%}
                headers.{{ column.name }} is not distinct from existing.{{ column.name }}
                {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}

{#
    report_findings is kept by report for its checks of one report alone, the models that
    per_report_check_models() names (their rows of a report depend on its file only), and by
    pair for its cross-year checks (continuity_checks' rows depend on the pair only). Its other
    checks compare reports (copied text, section 二 against the agency's other reports,
    indicators among peers, a region against its members) and are rebuilt on every build:
    1.0M of its 7.3M rows at 100,000 reports.
    drop_stale_findings(): its pre-hook: delete the rows of the checks it rebuilds, those of
    pairs that no longer stand, and every row of a report that left or whose file name, agency
    name or year, which the model copies from reports, changed (a file renamed, a naming rule
    refined) or whose blank-cell rows were judged by another ogi_max_blank_share than this
    build's (blank_cell_checks, kept by report too, judges them again); the model then adds
    them again.
#}
{% macro per_report_check_models() -%}
    {{ return({
        'identity': 'identity_checks',
        'narrative': 'narrative_checks',
        'completeness': 'completeness_checks',
        'copied_year': 'copied_year_checks',
        'blank_cells': 'blank_cell_checks',
        'split_cell': 'split_cell_checks',
        'outline': 'outline_checks',
        'fees': 'fee_checks',
    }) }}
{%- endmacro %}

{% macro drop_stale_findings() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as existing
        where
            existing.check_family not in ('{{ per_report_check_models().keys() | join("', '") }}', 'cross_year')
            or (
                existing.check_family = 'cross_year'
                and not exists (
                    select 1 from {{ ref('agency_year_pairs') }} as pairs
                    where
                        pairs.report_id = existing.report_id
                        and pairs.compared_report_id = existing.compared_report_id
                )
            )
            or not exists (
                select 1 from {{ ref('reports') }} as reports
                where
                    reports.report_id = existing.report_id
                    and reports.source_file is not distinct from existing.source_file
                    and reports.agency_name is not distinct from existing.agency_name
                    and reports.report_year is not distinct from existing.report_year
            )
            -- the one kept check judged by a var: every row of a report judged by another
            -- threshold (dbt build --vars), so that the model takes the report as new
            or existing.report_id in (
                select stale.report_id from {{ this }} as stale
                where stale.check_family = 'blank_cells' and stale.rhs <> {{ var('ogi_max_blank_share') }}
            )
    {%- endif -%}
{%- endmacro %}
