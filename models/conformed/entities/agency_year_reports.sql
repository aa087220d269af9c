{#
    The report that stands for each agency and reporting year. When several exist (the same
    report re-published, an HTML and a PDF copy, a correction), the rule is: parsed before
    parsed_with_warnings, then fewest ambiguous cells, then the latest publication date, then
    report_id (so the choice is deterministic). Every candidate is listed with its rank.
#}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed and agency_id is not null and report_year is not null

),

ranked as (

    select
        agency_id,
        report_year,
        report_id,
        count(*) over (partition by agency_id, report_year) as report_count,
        row_number() over (
            partition by agency_id, report_year
            order by
                case status when 'parsed' then 0 else 1 end,
                ambiguous_cell_count asc,
                published_date desc nulls last,
                report_id asc
        ) as preference_rank,

    from reports

),

final as (

    select
        agency_id || '.' || report_year || '.' || report_id as candidate_id,
        agency_id || '.' || report_year as agency_year_id,
        agency_id,
        report_year,
        report_id,
        report_count,
        preference_rank,
        preference_rank = 1 as is_current,

    from ranked

)

select * from final
