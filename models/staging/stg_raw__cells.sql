with

source as (

    select * from {{ source('raw', 'cells') }}
    where {{ new_reports_only() }}

),

renamed as (

    select
        report_id,
        table_key,
        row_key,
        col_key,
        raw_row_label,
        col_label,
        row_order,
        col_order,
        value_text,
        source_text,
        value::decimal(18, 4) as value_printed,
        is_blank,
        unit,
        position as source_position,
        page as source_page,
        -- the printed cell's rectangle on its page, in PDF points to a tenth (pdfplumber's box)
        box_x0::decimal(7, 1) as source_x0,
        box_top::decimal(7, 1) as source_top,
        box_x1::decimal(7, 1) as source_x1,
        box_bottom::decimal(7, 1) as source_bottom,
        method as read_method,
        label_score,
        is_ocr,
        ocr_confidence,
        method <> 'read' or is_ocr as is_inferred,
        is_ocr or method in ('recovered_by_constraint', 'placed_by_order') as is_uncertain_read,
        -- the identities were used to read these: checking them again proves nothing. A split
        -- that breaks an identity is not among them: that break is the document's, and checked.
        method in ('split_by_constraint', 'recovered_by_constraint', 'reread_by_identity') as is_read_by_identity,
        method = 'ambiguous' as is_ambiguous,

    from source

)

select * from renamed
