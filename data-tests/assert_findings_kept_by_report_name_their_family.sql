-- report_findings keeps the rows of the checks of one report alone and of the cross-year checks,
-- and deletes the others before each build by their check_family (macros/by_report.sql): each
-- model it keeps must hold rows of its own family only, or a kept row would go stale or be
-- doubled.
{%- set kept = per_report_check_models() %}
{%- do kept.update({'cross_year': 'continuity_checks'}) %}
{%- for family, check_model in kept.items() %}
    select
        '{{ check_model }}' as check_model,
        check_family,
        count(*) as rows_of_another_family
    from {{ ref(check_model) }}
    where check_family <> '{{ family }}'
    group by check_family
    {% if not loop.last %}union all{% endif %}
{%- endfor %}
