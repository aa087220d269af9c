-- Every value outside the template dictionary must be an extra row a report added
-- (kept under its own key) or a derived value; anything else is an aligner defect.
select report_value_id, template_version, table_key, row_key, col_key
from {{ ref('report_values') }}
where not is_template_item
    and not is_derived
    and row_key not like 'extra_%'
