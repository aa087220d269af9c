-- Every value outside the template dictionary must be an extra row a report added
-- (kept under its own key), a derived value, or （六）'s group value that a 2021 report printed
-- over its three rows (other_handling); anything else is an aligner defect.
select
    report_id,
    template_version,
    table_key,
    row_key,
    col_key
from {{ ref('report_values') }}
where
    not is_template_item
    and not is_derived
    and row_key not like 'extra_%'
    and not (table_key = 'requests' and row_key = 'other_handling')
