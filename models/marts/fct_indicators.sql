{#
    Readers' indicators, one row per agency-year and indicator: the rate with its numerator and
    denominator, the threshold a reader watches (dbt vars), whether the rate is beyond it, and the
    agency's place among its peers — agencies of the same kind, region level and year (percentile
    0 = lowest rate, 1 = highest). Indicators are not errors: report_findings lists those beyond
    their threshold as family 'indicator', severity info. No rate when the denominator is 0 or
    blank.
      disclosure_rate                  (予以公开 + 部分公开) / 办理总数, watched below its threshold
      not_held_rate                    本机关不掌握 / 办理总数, watched above
      reconsideration_correction_rate  行政复议 结果纠正 / 总计, watched above
      litigation_correction_rate       行政诉讼 结果纠正 / 总计 (both kinds), watched above
#}

with

facts as (

    select * from {{ ref('fct_agency_year') }}

),

pairs as (

    -- each indicator's numerator and denominator, one column per indicator
    select
        agency_year_id,
        report_id,
        agency_name,
        agency_kind,
        region_level,
        report_year,
        {
            numerator: requests__granted__total + requests__partially_granted__total,
            denominator: rate_denominator_processed
        } as disclosure_rate,
        {
            numerator: requests__unavailable_not_held__total,
            denominator: rate_denominator_processed
        } as not_held_rate,
        {
            numerator: review_litigation__reconsideration__corrected,
            denominator: rate_denominator_reconsideration
        } as reconsideration_correction_rate,
        {
            numerator: review_litigation__litigation_direct__corrected
            + review_litigation__litigation_after_reconsideration__corrected,
            denominator: rate_denominator_litigation
        } as litigation_correction_rate,
    from facts

),

thresholds as (

    select
        watched.indicator,
        watched.comparison,
        watched.threshold,
    from (
        values
        ('disclosure_rate', 'at_least', {{ var('ogi_min_disclosure_rate') }}),
        ('not_held_rate', 'at_most', {{ var('ogi_max_not_held_rate') }}),
        ('reconsideration_correction_rate', 'at_most', {{ var('ogi_max_correction_rate') }}),
        ('litigation_correction_rate', 'at_most', {{ var('ogi_max_correction_rate') }})
    ) as watched (indicator, comparison, threshold)

),

indicator_pairs as (

    unpivot pairs
    on disclosure_rate, not_held_rate, reconsideration_correction_rate, litigation_correction_rate
    into name indicator value pair

),

unpivoted as (

    select
        indicator_pairs.agency_year_id,
        indicator_pairs.report_id,
        indicator_pairs.agency_name,
        indicator_pairs.agency_kind,
        indicator_pairs.region_level,
        indicator_pairs.report_year,
        indicator_pairs.indicator,
        struct_extract(indicator_pairs.pair, 'numerator') as numerator,
        struct_extract(indicator_pairs.pair, 'denominator') as denominator,
        thresholds.comparison,
        thresholds.threshold,
    from indicator_pairs
    inner join thresholds
        on indicator_pairs.indicator = thresholds.indicator

),

rated as (

    select
        *,
        numerator / nullif(denominator, 0) as rate,
    from unpivoted

),

final as (

    select
        agency_year_id || '.' || indicator as indicator_id,
        agency_year_id,
        report_id,
        agency_name,
        report_year,
        indicator,
        numerator::bigint as numerator,
        denominator::bigint as denominator,
        rate::double as rate,
        comparison,
        threshold::double as threshold,
        case comparison
            when 'at_least' then rate < threshold
            when 'at_most' then rate > threshold
        end as is_beyond_threshold,
        agency_kind as peer_kind,
        region_level as peer_region_level,
        count(rate) over (partition by indicator, agency_kind, region_level, report_year) as peers,
        case when rate is not null then (percent_rank() over ranked_peers)::double end as peer_percentile,

    from rated
    window ranked_peers as (
        partition by indicator, agency_kind, region_level, report_year, rate is null order by rate
    )

)

select * from final
