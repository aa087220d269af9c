{#
    One row per agency (normalised name). series_agency_id follows renames and mergers
    (seeds/agency_lineage.csv): a predecessor's reports continue its successor's time series.
#}

with

agency_names as (

    select * from {{ ref('agency_names') }}

),

lineage as (

    select * from {{ ref('agency_lineage') }}

),

agencies as (

    select
        agency_id,
        any_value(agency_name) as agency_name,
        any_value(agency_kind) as agency_kind,
        any_value(province_name) as province_name,
        any_value(city_name) as city_name,
        any_value(county_name) as county_name,
        any_value(region_code) as region_code,
        any_value(region_level) as region_level,
        any_value(region_source) as region_source,
        any_value(region_confidence) as region_confidence,
        count(*) as printed_name_variants,

    from agency_names
    group by agency_id

),

final as (

    select
        agencies.*,
        coalesce(md5(lineage.successor_name), agencies.agency_id) as series_agency_id,
        lineage.successor_name,
        lineage.effective_year as succeeded_in_year,

    from agencies
    left join lineage
        on agencies.agency_name = lineage.predecessor_name

)

select * from final
