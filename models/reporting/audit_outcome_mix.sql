-- Requests by outcome group (the template's （一）…（六）), agencies' own reports only.
select
    outcomes.outcome_group,
    sum(outcomes.value) as requests,
from {{ ref('fct_request_outcomes') }} as outcomes
inner join {{ ref('fct_agency_year') }} as agency_years
    on outcomes.agency_year_id = agency_years.agency_year_id
where {{ own_scope('agency_years') }}
group by outcomes.outcome_group
order by requests desc nulls last
