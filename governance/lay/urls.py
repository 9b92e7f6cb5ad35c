"""Patient volunteers' pages, under /governance/ in the governance namespace (onboarding is in
`account_urls`, under /accounts/volunteers/)."""

from django.urls import path

from .views import expenses, review

urlpatterns = [
    path("volunteers/papers/", review.papers_to_review, name="papers_to_review"),
    path("volunteers/papers/<id:paper_id>/", review.review_paper, name="lay_review_paper"),
    path("volunteers/papers/<id:paper_id>/open/", review.open_paper, name="lay_open_paper"),
    path("feedback/<id:feedback_id>/", review.feedback_detail, name="lay_feedback"),
    path("groups/<id:group_id>/feedback/", review.group_feedback, name="lay_group_feedback"),
    path("groups/<id:group_id>/you-said-we-did/", review.change_log, name="lay_change_log"),
    path(
        "groups/<id:group_id>/you-said-we-did/public/",
        review.public_change_log,
        name="lay_public_change_log",
    ),
    path("glossary/", review.glossary, name="glossary"),
    path("papers/<id:paper_id>/lay-summary/", review.lay_summary_edit, name="lay_summary_edit"),
    path("meetings/<id:meeting_id>/issue-papers/", review.issue_papers, name="issue_papers"),
    path("expenses/", expenses.my_expenses, name="my_expenses"),
    path("expenses/new/", expenses.new_expense_claim, name="expense_new"),
    path("expenses/review/", expenses.expense_review, name="expense_review"),
    path("expenses/approved.csv", expenses.expense_export, name="expense_export"),
    path("expenses/<id:claim_id>/", expenses.expense_detail, name="expense_detail"),
    path("expenses/<id:claim_id>/receipt/", expenses.expense_receipt, name="expense_receipt"),
    path("expenses/<id:claim_id>/approve/", expenses.expense_decide, name="expense_approve"),
    path(
        "expenses/<id:claim_id>/receipt/replace/",
        expenses.expense_receipt_replace,
        name="expense_receipt_replace",
    ),
]
