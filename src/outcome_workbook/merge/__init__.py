"""Three-way merge of workbooks: decide (the models, field by field), then apply (onto
ours' text, table by table), as nbdime does. The diff never imports the merge."""
