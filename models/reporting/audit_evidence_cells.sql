-- The printed cells of sections 三 and 四 of the reports shown with evidence, with where each
-- is printed (page and, for a PDF, its rectangle) for the page crops.
select
    cells.report_id,
    cells.row_key,
    cells.col_key,
    coalesce(cells.raw_row_label, '') as raw_row_label,
    cells.value_text,
    cells.is_blank,
    cells.source_page,
    cells.source_x0,
    cells.source_top,
    cells.source_x1,
    cells.source_bottom,
from {{ ref('fct_report_values') }} as cells
inner join {{ ref('audit_worst_reports') }} as worst
    on cells.report_id = worst.report_id
where cells.table_key in (select identities.table_key from {{ ref('template_identities') }} as identities)
order by cells.report_id, cells.row_key, cells.col_key
