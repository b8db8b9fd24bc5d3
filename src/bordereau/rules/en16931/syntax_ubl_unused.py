"""UBL elements and attributes that EN 16931 leaves out (UBL-CR-*), part one: the document, its references and parties.

Read by :func:`~bordereau.rules.en16931.syntax_common.unused_table`: a ``@ <context> [base]`` line sets where the
paths below start (``doc`` is the document root, Invoice or CreditNote); each rule line is ``ID [!] path``, ``!``
for the few that are fatal (the others are warnings). Ids and paths are those of the CEN artefacts 1.3.16.
"""

DOCUMENT = """
@ doc
UBL-CR-001  ext:UBLExtensions
UBL-CR-003  cbc:ProfileExecutionID
UBL-CR-004  cbc:CopyIndicator
UBL-CR-005  cbc:UUID
UBL-CR-006  cbc:IssueTime
UBL-CR-007  cbc:PricingCurrencyCode
UBL-CR-008  cbc:PaymentCurrencyCode
UBL-CR-009  cbc:PaymentAlternativeCurrencyCode
UBL-CR-010  cbc:AccountingCostCode
UBL-CR-011  cbc:LineCountNumeric
@ doc cac:InvoicePeriod
UBL-CR-012  cbc:StartTime
UBL-CR-013  cbc:EndTime
UBL-CR-014  cbc:DurationMeasure
UBL-CR-015  cbc:Description
@ doc cac:OrderReference
UBL-CR-016  cbc:CopyIndicator
UBL-CR-017  cbc:UUID
UBL-CR-018  cbc:IssueDate
UBL-CR-019  cbc:IssueTime
UBL-CR-020  cbc:CustomerReference
UBL-CR-021  cbc:OrderTypeCode
UBL-CR-022  cac:DocumentReference
@ doc cac:BillingReference/cac:InvoiceDocumentReference
UBL-CR-023  cbc:CopyIndicator
UBL-CR-024  cbc:UUID
UBL-CR-025  cbc:IssueTime
UBL-CR-026  cbc:DocumentTypeCode
UBL-CR-027  cbc:DocumentType
UBL-CR-028  cbc:XPath
UBL-CR-029  cbc:LanguageID
UBL-CR-030  cbc:LocaleCode
UBL-CR-031  cbc:VersionID
UBL-CR-032  cbc:DocumentStatusCode
UBL-CR-033  cbc:DocumentDescription
UBL-CR-034  cac:Attachment
UBL-CR-035  cac:ValidityPeriod
UBL-CR-036  cac:IssuerParty
UBL-CR-037  cac:ResultOfVerification
@ doc cac:BillingReference
UBL-CR-038  cac:SelfBilledInvoiceDocumentReference
UBL-CR-039  cac:CreditNoteDocumentReference
UBL-CR-040  cac:SelfBilledCreditNoteDocumentReference
UBL-CR-041  cac:DebitNoteDocumentReference
UBL-CR-042  cac:ReminderDocumentReference
UBL-CR-043  cac:AdditionalDocumentReference
UBL-CR-044  cac:BillingReferenceLine
@ doc cac:DespatchDocumentReference
UBL-CR-045  cbc:CopyIndicator
UBL-CR-046  cbc:UUID
UBL-CR-047  cbc:IssueDate
UBL-CR-048  cbc:IssueTime
UBL-CR-049  cbc:DocumentTypeCode
UBL-CR-050  cbc:DocumentType
UBL-CR-051  cbc:XPath
UBL-CR-052  cbc:LanguageID
UBL-CR-053  cbc:LocaleCode
UBL-CR-054  cbc:VersionID
UBL-CR-055  cbc:DocumentStatusCode
UBL-CR-056  cbc:DocumentDescription
UBL-CR-057  cac:Attachment
UBL-CR-058  cac:ValidityPeriod
UBL-CR-059  cac:IssuerParty
UBL-CR-060  cac:ResultOfVerification
@ doc cac:ReceiptDocumentReference
UBL-CR-061  cbc:CopyIndicator
UBL-CR-062  cbc:UUID
UBL-CR-063  cbc:IssueDate
UBL-CR-064  cbc:IssueTime
UBL-CR-065  cbc:DocumentTypeCode
UBL-CR-066  cbc:DocumentType
UBL-CR-067  cbc:XPath
UBL-CR-068  cbc:LanguageID
UBL-CR-069  cbc:LocaleCode
UBL-CR-070  cbc:VersionID
UBL-CR-071  cbc:DocumentStatusCode
UBL-CR-072  cbc:DocumentDescription
UBL-CR-073  cac:Attachment
UBL-CR-074  cac:ValidityPeriod
UBL-CR-075  cac:IssuerParty
UBL-CR-076  cac:ResultOfVerification
@ doc
UBL-CR-077  cac:StatementDocumentReference
@ doc cac:OriginatorDocumentReference
UBL-CR-078  cbc:CopyIndicator
UBL-CR-079  cbc:UUID
UBL-CR-080  cbc:IssueDate
UBL-CR-081  cbc:IssueTime
UBL-CR-082  cbc:DocumentTypeCode
UBL-CR-083  cbc:DocumentType
UBL-CR-084  cbc:XPath
UBL-CR-085  cbc:LanguageID
UBL-CR-086  cbc:LocaleCode
UBL-CR-087  cbc:VersionID
UBL-CR-088  cbc:DocumentStatusCode
UBL-CR-089  cbc:DocumentDescription
UBL-CR-090  cac:Attachment
UBL-CR-091  cac:ValidityPeriod
UBL-CR-092  cac:IssuerParty
UBL-CR-093  cac:ResultOfVerification
@ doc cac:ContractDocumentReference
UBL-CR-094  cbc:CopyIndicator
UBL-CR-095  cbc:UUID
UBL-CR-096  cbc:IssueDate
UBL-CR-097  cbc:IssueTime
UBL-CR-098  cbc:DocumentTypeCode
UBL-CR-099  cbc:DocumentType
UBL-CR-100  cbc:XPath
UBL-CR-101  cbc:LanguageID
UBL-CR-102  cbc:LocaleCode
UBL-CR-103  cbc:VersionID
UBL-CR-104  cbc:DocumentStatusCode
UBL-CR-105  cbc:DocumentDescription
UBL-CR-106  cac:Attachment
UBL-CR-107  cac:ValidityPeriod
UBL-CR-108  cac:IssuerParty
UBL-CR-109  cac:ResultOfVerification
@ doc cac:AdditionalDocumentReference
UBL-CR-110  cbc:CopyIndicator
UBL-CR-111  cbc:UUID
UBL-CR-112  cbc:IssueDate
UBL-CR-113  cbc:IssueTime
UBL-CR-114  cbc:DocumentType
UBL-CR-115  cbc:XPath
UBL-CR-116  cbc:LanguageID
UBL-CR-117  cbc:LocaleCode
UBL-CR-118  cbc:VersionID
UBL-CR-119  cbc:DocumentStatusCode
@ doc cac:AdditionalDocumentReference/cac:Attachment/cac:ExternalReference
UBL-CR-121  cbc:DocumentHash
UBL-CR-122  cbc:HashAlgorithmMethod
UBL-CR-123  cbc:ExpiryDate
UBL-CR-124  cbc:ExpiryTime
UBL-CR-125  cbc:MimeCode
UBL-CR-126  cbc:FormatCode
UBL-CR-127  cbc:EncodingCode
UBL-CR-128  cbc:CharacterSetCode
UBL-CR-129  cbc:FileName
UBL-CR-130  cbc:Description
@ doc cac:AdditionalDocumentReference
UBL-CR-131  cac:ValidityPeriod
UBL-CR-132  cac:IssuerParty
UBL-CR-133  cac:ResultOfVerification
@ doc cac:ProjectReference
UBL-CR-134  cbc:UUID
UBL-CR-135  cbc:IssueDate
UBL-CR-136  cac:WorkPhaseReference
@ doc
UBL-CR-137  cac:Signature
@ doc cac:AccountingSupplierParty
UBL-CR-138  cbc:CustomerAssignedAccountID
UBL-CR-139  cbc:AdditionalAccountID
UBL-CR-140  cbc:DataSendingCapability
@ doc cac:AccountingSupplierParty/cac:Party
UBL-CR-141  cbc:MarkCareIndicator
UBL-CR-142  cbc:MarkAttentionIndicator
UBL-CR-143  cbc:WebsiteURI
UBL-CR-144  cbc:LogoReferenceID
UBL-CR-145  cbc:IndustryClassificationCode
UBL-CR-146  cac:Language
@ doc cac:AccountingSupplierParty/cac:Party/cac:PostalAddress
UBL-CR-147  cbc:ID
UBL-CR-148  cbc:AddressTypeCode
UBL-CR-149  cbc:AddressFormatCode
UBL-CR-150  cbc:Postbox
UBL-CR-151  cbc:Floor
UBL-CR-152  cbc:Room
UBL-CR-153  cbc:BlockName
UBL-CR-154  cbc:BuildingName
UBL-CR-155  cbc:BuildingNumber
UBL-CR-156  cbc:InhouseMail
UBL-CR-157  cbc:Department
UBL-CR-158  cbc:MarkAttention
UBL-CR-159  cbc:MarkCare
UBL-CR-160  cbc:PlotIdentification
UBL-CR-161  cbc:CitySubdivisionName
UBL-CR-162  cbc:CountrySubentityCode
UBL-CR-163  cbc:Region
UBL-CR-164  cbc:District
UBL-CR-165  cbc:TimezoneOffset
@ doc
UBL-CR-166  cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:Name
UBL-CR-167  cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:LocationCoordinate
UBL-CR-168  cac:AccountingSupplierParty/cac:Party/cac:PhysicalLocation
@ doc cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme
UBL-CR-169  cbc:RegistrationName
UBL-CR-170  cbc:TaxLevelCode
UBL-CR-171  cbc:ExemptionReasonCode
UBL-CR-172  cbc:ExemptionReason
UBL-CR-173  cac:RegistrationAddress
@ doc cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cac:TaxScheme
UBL-CR-174  cbc:Name
UBL-CR-175  cbc:TaxTypeCode
UBL-CR-176  cbc:CurrencyCode
UBL-CR-177  cac:JurisdictionRegionAddress
@ doc cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity
UBL-CR-178  cbc:RegistrationDate
UBL-CR-179  cbc:RegistrationExpirationDate
UBL-CR-180  cbc:CompanyLegalFormCode
UBL-CR-181  cbc:SoleProprietorshipIndicator
UBL-CR-182  cbc:CompanyLiquidationStatusCode
UBL-CR-183  cbc:CorporateStockAmount
UBL-CR-184  cbc:FullyPaidSharesIndicator
UBL-CR-185  cac:RegistrationAddress
UBL-CR-186  cac:CorporateRegistrationScheme
UBL-CR-187  cac:HeadOfficeParty
UBL-CR-188  cac:ShareholderParty
@ doc cac:AccountingSupplierParty/cac:Party/cac:Contact
UBL-CR-189  cbc:ID
UBL-CR-190  cbc:Telefax
UBL-CR-191  cbc:Note
UBL-CR-192  cac:OtherCommunication
@ doc cac:AccountingSupplierParty/cac:Party
UBL-CR-193  cac:Person
UBL-CR-194  cac:AgentParty
UBL-CR-195  cac:ServiceProviderParty
UBL-CR-196  cac:PowerOfAttorney
UBL-CR-197  cac:FinancialAccount
@ doc cac:AccountingSupplierParty
UBL-CR-198  cac:DespatchContact
UBL-CR-199  cac:AccountingContact
UBL-CR-200  cac:SellerContact
@ doc cac:AccountingCustomerParty
UBL-CR-201  cbc:CustomerAssignedAccountID
UBL-CR-202  cbc:SupplierAssignedAccountID
UBL-CR-203  cbc:AdditionalAccountID
@ doc cac:AccountingCustomerParty/cac:Party
UBL-CR-204  cbc:MarkCareIndicator
UBL-CR-205  cbc:MarkAttentionIndicator
UBL-CR-206  cbc:WebsiteURI
UBL-CR-207  cbc:LogoReferenceID
UBL-CR-208  cbc:IndustryClassificationCode
UBL-CR-209  cac:Language
@ doc cac:AccountingCustomerParty/cac:Party/cac:PostalAddress
UBL-CR-210  cbc:ID
UBL-CR-211  cbc:AddressTypeCode
UBL-CR-212  cbc:AddressFormatCode
UBL-CR-213  cbc:Postbox
UBL-CR-214  cbc:Floor
UBL-CR-215  cbc:Room
UBL-CR-216  cbc:BlockName
UBL-CR-217  cbc:BuildingName
UBL-CR-218  cbc:BuildingNumber
UBL-CR-219  cbc:InhouseMail
UBL-CR-220  cbc:Department
UBL-CR-221  cbc:MarkAttention
UBL-CR-222  cbc:MarkCare
UBL-CR-223  cbc:PlotIdentification
UBL-CR-224  cbc:CitySubdivisionName
UBL-CR-225  cbc:CountrySubentityCode
UBL-CR-226  cbc:Region
UBL-CR-227  cbc:District
UBL-CR-228  cbc:TimezoneOffset
@ doc
UBL-CR-229  cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:Name
UBL-CR-230  cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:LocationCoordinate
UBL-CR-231  cac:AccountingCustomerParty/cac:Party/cac:PhysicalLocation
@ doc cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme
UBL-CR-232  cbc:RegistrationName
UBL-CR-233  cbc:TaxLevelCode
UBL-CR-234  cbc:ExemptionReasonCode
UBL-CR-235  cbc:ExemptionReason
UBL-CR-236  cac:RegistrationAddress
@ doc cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cac:TaxScheme
UBL-CR-237  cbc:Name
UBL-CR-238  cbc:TaxTypeCode
UBL-CR-239  cbc:CurrencyCode
UBL-CR-240  cac:JurisdictionRegionAddress
@ doc cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity
UBL-CR-241  cbc:RegistrationDate
UBL-CR-242  cbc:RegistrationExpirationDate
UBL-CR-243  cbc:CompanyLegalFormCode
UBL-CR-244  cbc:CompanyLegalForm
UBL-CR-245  cbc:SoleProprietorshipIndicator
UBL-CR-246  cbc:CompanyLiquidationStatusCode
UBL-CR-247  cbc:CorporateStockAmount
UBL-CR-248  cbc:FullyPaidSharesIndicator
UBL-CR-249  cac:RegistrationAddress
UBL-CR-250  cac:CorporateRegistrationScheme
UBL-CR-251  cac:HeadOfficeParty
UBL-CR-252  cac:ShareholderParty
@ doc cac:AccountingCustomerParty/cac:Party/cac:Contact
UBL-CR-253  cbc:ID
UBL-CR-254  cbc:Telefax
UBL-CR-255  cbc:Note
UBL-CR-256  cac:OtherCommunication
@ doc cac:AccountingCustomerParty/cac:Party
UBL-CR-257  cac:Person
UBL-CR-258  cac:AgentParty
UBL-CR-259  cac:ServiceProviderParty
UBL-CR-260  cac:PowerOfAttorney
UBL-CR-261  cac:FinancialAccount
@ doc cac:AccountingCustomerParty
UBL-CR-262  cac:DeliveryContact
UBL-CR-263  cac:AccountingContact
UBL-CR-264  cac:BuyerContact
@ doc cac:PayeeParty
UBL-CR-265  cbc:MarkCareIndicator
UBL-CR-266  cbc:MarkAttentionIndicator
UBL-CR-267  cbc:WebsiteURI
UBL-CR-268  cbc:LogoReferenceID
UBL-CR-269  cbc:EndpointID
UBL-CR-270  cbc:IndustryClassificationCode
UBL-CR-271  cac:Language
UBL-CR-272  cac:PostalAddress
UBL-CR-273  cac:PhysicalLocation
UBL-CR-274  cac:PartyTaxScheme
@ doc cac:PayeeParty/cac:PartyLegalEntity
UBL-CR-275  cbc:RegistrationName
UBL-CR-276  cbc:RegistrationDate
UBL-CR-277  cbc:RegistrationExpirationDate
UBL-CR-278  cbc:CompanyLegalFormCode
UBL-CR-279  cbc:CompanyLegalForm
UBL-CR-280  cbc:SoleProprietorshipIndicator
UBL-CR-281  cbc:CompanyLiquidationStatusCode
UBL-CR-282  cbc:CorporateStockAmount
UBL-CR-283  cbc:FullyPaidSharesIndicator
UBL-CR-284  cac:RegistrationAddress
UBL-CR-285  cac:CorporateRegistrationScheme
UBL-CR-286  cac:HeadOfficeParty
UBL-CR-287  cac:ShareholderParty
@ doc cac:PayeeParty
UBL-CR-288  cac:Contact
UBL-CR-289  cac:Person
UBL-CR-290  cac:AgentParty
UBL-CR-291  cac:ServiceProviderParty
UBL-CR-292  cac:PowerOfAttorney
UBL-CR-293  cac:FinancialAccount
@ doc
UBL-CR-294  cac:BuyerCustomerParty
UBL-CR-295  cac:SellerSupplierParty
@ doc cac:TaxRepresentativeParty
UBL-CR-296  cbc:MarkCareIndicator
UBL-CR-297  cbc:MarkAttentionIndicator
UBL-CR-298  cbc:WebsiteURI
UBL-CR-299  cbc:LogoReferenceID
UBL-CR-300  cbc:EndpointID
UBL-CR-301  cbc:IndustryClassificationCode
UBL-CR-302  cac:PartyIdentification
UBL-CR-303  cac:Language
@ doc cac:TaxRepresentativeParty/cac:PostalAddress
UBL-CR-304  cbc:ID
UBL-CR-305  cbc:AddressTypeCode
UBL-CR-306  cbc:AddressFormatCode
UBL-CR-307  cbc:Postbox
UBL-CR-308  cbc:Floor
UBL-CR-309  cbc:Room
UBL-CR-310  cbc:BlockName
UBL-CR-311  cbc:BuildingName
UBL-CR-312  cbc:BuildingNumber
UBL-CR-313  cbc:InhouseMail
UBL-CR-314  cbc:Department
UBL-CR-315  cbc:MarkAttention
UBL-CR-316  cbc:MarkCare
UBL-CR-317  cbc:PlotIdentification
UBL-CR-318  cbc:CitySubdivisionName
UBL-CR-319  cbc:CountrySubentityCode
UBL-CR-320  cbc:Region
UBL-CR-321  cbc:District
UBL-CR-322  cbc:TimezoneOffset
@ doc
UBL-CR-323  cac:TaxRepresentativeParty/cac:PostalAddress/cac:Country/cbc:Name
UBL-CR-324  cac:TaxRepresentativeParty/cac:PostalAddress/cac:LocationCoordinate
UBL-CR-325  cac:TaxRepresentativeParty/cac:PhysicalLocation
@ doc cac:TaxRepresentativeParty/cac:PartyTaxScheme
UBL-CR-326  cbc:RegistrationName
UBL-CR-327  cbc:TaxLevelCode
UBL-CR-328  cbc:ExemptionReasonCode
UBL-CR-329  cbc:ExemptionReason
UBL-CR-330  cac:RegistrationAddress
@ doc cac:TaxRepresentativeParty/cac:PartyTaxScheme/cac:TaxScheme
UBL-CR-331  cbc:Name
UBL-CR-332  cbc:TaxTypeCode
UBL-CR-333  cbc:CurrencyCode
UBL-CR-334  cac:JurisdictionRegionAddress
@ doc cac:TaxRepresentativeParty
UBL-CR-335  cac:PartyLegalEntity
UBL-CR-336  cac:Contact
UBL-CR-337  cac:Person
UBL-CR-338  cac:AgentParty
UBL-CR-339  cac:ServiceProviderParty
UBL-CR-340  cac:PowerOfAttorney
UBL-CR-341  cac:FinancialAccount
"""
