-- Each agency across years: requests received, shares not disclosed and not held.
select
    agency_name,
    report_year,
    requests__new_received__total as received,
    share_denied,
    share_not_held,
from {{ ref('fct_agency_year') }}
where {{ own_scope() }}
order by agency_name, report_year
