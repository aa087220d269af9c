{#
    A region's summary report against its member agencies: for each report that sums up a
    region (report_scope = region), each 总计 measure of sections 三 and 四 beside the sum over
    the self-scope reports of the same year whose agencies sit directly in that region (the same
    region code and level). Coverage says how many member reports the warehouse holds, and — where
    the seed region_reporting_agencies knows it — how many agencies of the region report. A
    difference is a finding: an error only when coverage is complete, otherwise info with the
    share covered (report_findings, family region_hierarchy).
#}

with

facts as (

    select * from {{ ref('fct_agency_year') }}
    where region_code is not null

),

expected as (

    select * from {{ ref('region_reporting_agencies') }}

),

summaries as (

    unpivot (
        select * from facts
        where report_scope = 'region'
    )
    on columns('^(requests|review_litigation)__.*__total$')
    into name measure value summary_value

),

members as (

    unpivot (
        select * from facts
        where report_scope = 'self'
    )
    on columns('^(requests|review_litigation)__.*__total$')
    into name measure value member_value

),

member_sums as (

    select
        report_year,
        region_code,
        region_level,
        measure,
        sum(member_value) as members_sum,
        count(member_value) as members_with_value,
        count(*) as members_present,
    from members
    group by report_year, region_code, region_level, measure

),

final as (

    select
        summaries.report_id || '.' || summaries.measure as region_hierarchy_id,
        summaries.report_id,
        summaries.agency_name,
        summaries.report_year,
        summaries.region_code,
        summaries.region_level,
        summaries.measure,
        summaries.summary_value::bigint as summary_value,
        member_sums.members_sum::bigint as members_sum,
        (summaries.summary_value - member_sums.members_sum)::bigint as difference,
        coalesce(member_sums.members_present, 0)::bigint as members_present,
        expected.reporting_agencies::integer as members_expected,
        (member_sums.members_present / expected.reporting_agencies)::double as coverage,
        coalesce(member_sums.members_present >= expected.reporting_agencies, false) as is_coverage_complete,

    from summaries
    left join member_sums
        on
            summaries.report_year = member_sums.report_year
            and summaries.region_code = member_sums.region_code
            and summaries.region_level = member_sums.region_level
            and summaries.measure = member_sums.measure
    left join expected
        on
            summaries.region_code = expected.region_code
            and summaries.report_year = expected.report_year

)

select * from final
