{#
    Every value of every parsed report, addressed by the canonical (table_key, row_key, col_key).
    Money is normalised to 万元 (a value printed in 元 is divided by 10,000); the printed text
    stays in value_text; values are exact (DECIMAL(18,4)), value_type says count or money. Blank
    stays null with is_blank = true. For template 2021, the single
    （六）其他处理 row of template 2019 is derived as the sum of its three rows (is_derived),
    unless the report printed it as one value over the three rows.
#}

with

cells as not materialized (

    -- inlined where it is read (DuckDB would otherwise materialise every column of every cell)
    select * from {{ ref('stg_raw__cells') }}
    where {{ new_reports_only() }}

),

reports as (

    select * from {{ ref('reports') }}
    where is_parsed

),

items as (

    select * from {{ ref('template_items') }}

),

other_rows as (

    -- the （六）其他处理 rows: one in template 2019, three in template 2021 that add up to it
    select distinct
        template_version,
        table_key,
        row_key,
    from items
    where outcome_group = 'other'

),

other_row_2019 as (

    select
        table_key,
        row_key,
    from other_rows
    where template_version = '2019'

),

column_types as (

    -- what a column counts (a number of things, or money) holds for any row, an added one too
    select distinct
        template_version,
        table_key,
        col_key,
        value_type
    from items

),

printed as (

    select
        cells.report_id,
        reports.template_version,
        cells.table_key,
        cells.row_key,
        cells.col_key,
        cells.raw_row_label,
        cells.col_label,
        cells.row_order,
        cells.col_order,
        case
            when
                column_types.value_type = 'money' and cells.unit = '元'
                then (cells.value_printed / 10000)::decimal(18, 4)
            else cells.value_printed
        end as value,
        coalesce(column_types.value_type, 'count') as value_type,
        cells.value_printed,
        cells.unit,
        cells.is_blank,
        cells.value_text,
        cells.source_text,
        cells.source_position,
        cells.source_page,
        cells.source_x0,
        cells.source_top,
        cells.source_x1,
        cells.source_bottom,
        cells.read_method,
        cells.is_inferred,
        cells.is_uncertain_read,
        cells.is_read_by_identity,
        cells.is_ambiguous,
        cells.label_score,
        false as is_derived,

    from cells
    inner join reports
        on cells.report_id = reports.report_id
    left join column_types
        on
            reports.template_version = column_types.template_version
            and cells.table_key = column_types.table_key
            and cells.col_key = column_types.col_key

),

other_handling_cells as (

    -- the （六）其他处理 cells of 2021 reports, few and narrow: the two CTEs below read these, so
    -- that printed (every column of every cell) is read once and streams. Their columns count
    -- things (template_dictionary), so the value is the printed one. The join is printed's,
    -- written again on purpose: one CTE of it read twice, DuckDB keeps it whole (a common
    -- subplan of every cell).
    select
        cells.report_id,
        cells.table_key,
        cells.row_key,
        cells.col_key,
        cells.col_label,
        cells.row_order,
        cells.col_order,
        cells.value_printed as value,
        cells.is_blank,
        cells.is_inferred,
        cells.is_uncertain_read,
        cells.is_read_by_identity,
        cells.is_ambiguous,
    from cells
    inner join reports
        on cells.report_id = reports.report_id
    semi join other_rows
        on
            cells.table_key = other_rows.table_key
            and cells.row_key = other_rows.row_key
    where reports.template_version = '2021'

),

printed_group_value as (

    -- a 2021 report that printed one value cell over the three rows (HTML rowspan): the
    -- aligner kept it as template 2019's row and left the three rows null
    select distinct other_handling_cells.report_id
    from other_handling_cells
    inner join other_row_2019
        on
            other_handling_cells.table_key = other_row_2019.table_key
            and other_handling_cells.row_key = other_row_2019.row_key

),

derived_other_handling as (

    select
        other_handling_cells.report_id,
        '2021' as template_version,
        other_handling_cells.table_key,
        other_row_2019.row_key,
        other_handling_cells.col_key,
        '（六）其他处理 = 1 + 2 + 3' as raw_row_label,
        any_value(other_handling_cells.col_label) as col_label,
        min(other_handling_cells.row_order) as row_order,
        other_handling_cells.col_order,
        case
            when bool_and(other_handling_cells.is_blank) then null
            else sum(coalesce(other_handling_cells.value, 0))::decimal(18, 4)
        end as value,
        'count' as value_type,
        null::decimal(18, 4) as value_printed,
        null as unit,
        bool_and(other_handling_cells.is_blank) as is_blank,
        null as value_text,
        null as source_text,
        null as source_position,
        null::integer as source_page,
        null::decimal(7, 1) as source_x0,
        null::decimal(7, 1) as source_top,
        null::decimal(7, 1) as source_x1,
        null::decimal(7, 1) as source_bottom,
        'derived' as read_method,
        bool_or(other_handling_cells.is_inferred) as is_inferred,
        bool_or(other_handling_cells.is_uncertain_read) as is_uncertain_read,
        bool_or(other_handling_cells.is_read_by_identity) as is_read_by_identity,
        bool_or(other_handling_cells.is_ambiguous) as is_ambiguous,
        null::double as label_score,
        true as is_derived,

    from other_handling_cells
    inner join other_rows
        on
            other_rows.template_version = '2021'
            and other_handling_cells.table_key = other_rows.table_key
            and other_handling_cells.row_key = other_rows.row_key
    inner join other_row_2019
        on other_handling_cells.table_key = other_row_2019.table_key
    where other_handling_cells.report_id not in (select printed_group_value.report_id from printed_group_value)
    group by
        other_handling_cells.report_id,
        other_handling_cells.table_key,
        other_row_2019.row_key,
        other_handling_cells.col_key,
        other_handling_cells.col_order

),

unioned as (

    select * from printed
    union all by name
    select * from derived_other_handling

),

final as (

    -- keyed by (report_id, table_key, row_key, col_key); the published id joining them is made
    -- in fct_report_values: stored here, it was two thirds of this table's size
    select
        unioned.*,
        items.template_item_id,
        items.template_item_id is not null as is_template_item,

    from unioned
    left join items
        on
            unioned.template_version = items.template_version
            and unioned.table_key = items.table_key
            and unioned.row_key = items.row_key
            and unioned.col_key = items.col_key

)

select * from final
