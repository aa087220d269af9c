{#
    Rollups by region and year that never count a request twice: the measures sum only reports
    that cover their agency alone (report_scope = self). Reports that sum up a whole region
    (report_scope = region) are counted beside, not added in; unknown scope is counted too.
    One row per year and region at each level (province, city, county) of the agencies' codes.
#}

with

facts as (

    select * from {{ ref('fct_agency_year') }}
    where region_code is not null

),

levels as (

    select
        'province' as region_level,
        left(facts.region_code, 2) || '0000' as region_code,
        facts.province_name as region_name,
        facts.* exclude (region_level, region_code)
    from facts
    union all
    select
        'city' as region_level,
        left(facts.region_code, 4) || '00' as region_code,
        coalesce(facts.city_name, facts.province_name) as region_name,
        facts.* exclude (region_level, region_code)
    from facts
    where facts.region_level in ('city', 'county')
    union all
    select
        'county' as region_level,
        facts.region_code,
        facts.county_name as region_name,
        facts.* exclude (region_level, region_code)
    from facts
    where facts.region_level = 'county'

),

final as (

    select
        report_year || '.' || region_level || '.' || region_code as region_year_id,
        report_year,
        region_level,
        region_code,
        any_value(region_name) as region_name,
        count(*) filter (where report_scope = 'self') as self_reports,
        count(*) filter (where report_scope = 'region') as region_summary_reports,
        count(*) filter (where report_scope = 'unknown') as unknown_scope_reports,
        cast(sum(requests__new_received__total) filter (where report_scope = 'self') as bigint) as new_received,
        cast(sum(requests__total_processed__total) filter (where report_scope = 'self') as bigint) as total_processed,
        cast(sum(requests__granted__total) filter (where report_scope = 'self') as bigint) as granted,
        cast(sum(requests__partially_granted__total) filter (where report_scope = 'self') as bigint)
            as partially_granted,
        cast(sum(requests__unavailable_not_held__total) filter (where report_scope = 'self') as bigint)
            as unavailable_not_held,
        cast(sum(review_litigation__reconsideration__total) filter (where report_scope = 'self') as bigint)
            as reconsideration,
        cast(sum(review_litigation__reconsideration__corrected) filter (where report_scope = 'self') as bigint)
            as reconsideration_corrected,

    from levels
    group by report_year, region_level, region_code

)

select * from final
