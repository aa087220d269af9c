-- depends_on: {{ ref('template_items') }}
{#
    One row per agency and reporting year, every canonical measure as a column named
    <table_key>__<row_key>__<col_key>. When several reports exist for an agency-year, one is
    chosen: parsed before parsed_with_warnings, then fewest ambiguous cells, then the latest
    publication date, then report_id (deterministic); report_count says how many there were.
#}

{% set measures = canonical_measures() %}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed and agency_id is not null and report_year is not null

),

ranked as (

    select
        *,
        count(*) over (partition by agency_id, report_year) as report_count,
        row_number() over (
            partition by agency_id, report_year
            order by
                case status when 'parsed' then 0 else 1 end,
                ambiguous_cell_count,
                published_date desc nulls last,
                report_id
        ) as preference,

    from reports

),

chosen as (

    select * from ranked where preference = 1

),

report_values as (

    select * from {{ ref('report_values') }}

),

pivoted as (

    select
        report_id,
        {%- for m in measures %}
        max(value) filter (
            where table_key = '{{ m[0] }}' and row_key = '{{ m[1] }}' and col_key = '{{ m[2] }}'
        ) as {{ m[0] }}__{{ m[1] }}__{{ m[2] }},
        {%- endfor %}

    from report_values
    group by report_id

),

final as (

    select
        chosen.agency_id || '.' || chosen.report_year as agency_year_id,
        chosen.agency_id,
        chosen.agency_name,
        chosen.report_year,
        chosen.report_id,
        chosen.source_file,
        chosen.template_version,
        chosen.report_count,
        pivoted.* exclude (report_id),

    from chosen
    left join pivoted
        on chosen.report_id = pivoted.report_id

)

select * from final
