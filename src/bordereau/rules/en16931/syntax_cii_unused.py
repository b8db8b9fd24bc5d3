"""CII elements and attributes that EN 16931 leaves out (CII-SR-*, CII-DT-*), by context.

Read by :func:`~bordereau.rules.en16931.syntax_common.unused_table`: a ``@ <context> [base]`` line sets where the
paths below start (the contexts are defined in :mod:`.syntax_cii_table`); each rule line is ``ID [!] path``,
``!`` for the fatal ones (the others are warnings). Ids and paths are those of the CEN CII binding; where the
binding repeats itself (CII-SR-184 and -193, CII-SR-333 and -334) so does the table.
"""

HEADER = """
@ document-context
CII-SR-001  ram:SpecifiedTransactionID
CII-SR-002  ram:TestIndicator
CII-SR-006  ram:BIMSpecifiedDocumentContextParameter
CII-SR-007  ram:ScenarioSpecifiedDocumentContextParameter
CII-SR-008  ram:ApplicationSpecifiedDocumentContextParameter
CII-SR-011  ram:SubsetSpecifiedDocumentContextParameter
CII-SR-012  ram:MessageStandardSpecifiedDocumentContextParameter
@ context-parameter
CII-SR-04  ram:Value
CII-SR-05  ram:SpecifiedDocumentVersion
@ exchanged-document
CII-SR-013  ram:Name
CII-SR-015  ram:IssueDateTime/udt:DateTime
CII-SR-016  ram:CopyIndicator
CII-SR-017  ram:Purpose
CII-SR-018  ram:ControlRequirementIndicator
CII-SR-019  ram:LanguageID
CII-SR-020  ram:PurposeCode
CII-SR-021  ram:RevisionDateTime
CII-SR-022  ram:VersionID
CII-SR-023  ram:GlobalID
CII-SR-024  ram:RevisionID
CII-SR-025  ram:PreviousRevisionID
CII-SR-026  ram:CategoryCode
CII-SR-027  ram:IncludedNote/ram:Subject
CII-SR-028  ram:IncludedNote/ram:ContentCode
CII-SR-032  ram:IncludedNote/ram:ID
CII-SR-033  ram:EffectiveSpecifiedPeriod
CII-SR-034  ram:IssuerTradeParty
@ invoice
CII-DT-013 !  @languageID
CII-DT-014 !  @languageLocaleID
CII-SR-438  ram:ValuationBreakdownStatement
"""

LINES = """
@ line
CII-SR-035  ram:DescriptionCode
CII-SR-036  ram:ParentLineID
CII-SR-037  ram:LineStatusCode
CII-SR-038  ram:LineStatusReasonCode
CII-SR-221  ram:IncludedSubordinateTradeLineItem
@ line-document ram:IncludedNote
CII-SR-041  ram:SubjectCode
CII-SR-042  ram:ID
CII-SR-043  ram:Subject
CII-SR-044  ram:ContentCode
@ product
CII-SR-045  ram:ID
CII-SR-048  ram:ManufacturerAssignedID
CII-SR-049  ram:TradeName
CII-SR-050  ram:TypeCode
CII-SR-051  ram:NetWeightMeasure
CII-SR-052  ram:GrossWeightMeasure
CII-SR-053  ram:ProductGroupID
CII-SR-054  ram:EndItemTypeCode
CII-SR-055  ram:EndItemName
CII-SR-056  ram:AreaDensityMeasure
CII-SR-057  ram:UseDescription
CII-SR-058  ram:BrandName
CII-SR-059  ram:SubBrandName
CII-SR-060  ram:DrainedNetWeightMeasure
CII-SR-061  ram:VariableMeasureIndicator
CII-SR-062  ram:ColourCode
CII-SR-063  ram:ColourDescription
CII-SR-064  ram:Designation
CII-SR-065  ram:FormattedCancellationAnnouncedLaunchDateTime
CII-SR-066  ram:FormattedLatestProductDataChangeDateTime
@ product ram:ApplicableProductCharacteristic
CII-SR-067  ram:ID
CII-SR-068  ram:TypeCode
CII-SR-070  ram:ValueMeasure
CII-SR-071  ram:MeasurementMethodCode
CII-SR-073  ram:ValueCode
CII-SR-074  ram:ValueDateTime
CII-SR-075  ram:ValueIndicator
CII-SR-076  ram:ContentTypeCode
CII-SR-077  ram:ValueSpecifiedBinaryFile
CII-SR-078  ram:ApplicableProductCharacteristicCondition
CII-SR-079  ram:ApplicableReferencedStandard
@ product
CII-SR-080  ram:ApplicableMaterialGoodsCharacteristic
@ product ram:DesignatedProductClassification
CII-SR-081  ram:SystemID
CII-SR-082  ram:SystemName
CII-SR-083  ram:ClassName
CII-SR-084  ram:SubClassCode
CII-SR-085  ram:ClassProductCharacteristic
CII-SR-086  ram:ApplicableReferencedStandard
@ product
CII-SR-087  ram:IndividualTradeProductInstance
CII-SR-088  ram:CertificationEvidenceReferenceReferencedDocument
CII-SR-089  ram:InspectionReferenceReferencedDocument
CII-SR-091  ram:OriginTradeCountry/ram:Name
CII-SR-092  ram:OriginTradeCountry/ram:SubordinateTradeCountrySubDivision
CII-SR-093  ram:LinearSpatialDimension
CII-SR-094  ram:MinimumLinearSpatialDimension
CII-SR-095  ram:MaximumLinearSpatialDimension
CII-SR-096  ram:ManufacturerTradeParty
CII-SR-097  ram:PresentationSpecifiedBinaryFile
CII-SR-098  ram:MSDSReferenceReferencedDocument
CII-SR-099  ram:AdditionalReferenceReferencedDocument
CII-SR-100  ram:LegalRightsOwnerTradeParty
CII-SR-101  ram:BrandOwnerTradeParty
CII-SR-102  ram:IncludedReferencedProduct
CII-SR-103  ram:InformationNote
@ line-agreement
CII-SR-104  ram:BuyerReference
CII-SR-105  ram:BuyerRequisitionerTradeParty
CII-SR-106  ram:ApplicableTradeDeliveryTerms
CII-SR-107  ram:SellerOrderReferencedDocument
CII-SR-108  ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID
CII-SR-109  ram:QuotationReferencedDocument
CII-SR-110  ram:ContractReferencedDocument
CII-SR-111  ram:DemandForecastReferencedDocument
CII-SR-112  ram:PromotionalDealReferencedDocument
CII-SR-113  ram:AdditionalReferencedDocument
CII-SR-147  ram:RequisitionerReferencedDocument
CII-SR-148  ram:ItemSellerTradeParty
CII-SR-149  ram:ItemBuyerTradeParty
CII-SR-150  ram:IncludedSpecifiedMarketplace
CII-SR-447  ram:UltimateCustomerOrderReferencedDocument
@ line-agreement ram:GrossPriceProductTradePrice
CII-SR-114  ram:TypeCode
CII-SR-115  ram:MinimumQuantity
CII-SR-116  ram:MaximumQuantity
CII-SR-117  ram:ChangeReason
CII-SR-118  ram:OrderUnitConversionFactorNumeric
CII-SR-445  ram:IncludedTradeTax
CII-SR-132  ram:ValiditySpecifiedPeriod
CII-SR-133  ram:DeliveryTradeLocation
CII-SR-134  ram:TradeComparisonReferencePrice
CII-SR-135  ram:AssociatedReferencedDocument
@ line-agreement ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge
CII-SR-120  ram:ID
CII-SR-121  ram:SequenceNumeric
CII-SR-122  ram:CalculationPercent
CII-SR-123  ram:BasisAmount
CII-SR-124  ram:BasisQuantity
CII-SR-125  ram:PrepaidIndicator
CII-SR-126  ram:UnitBasisAmount
CII-SR-127  ram:ReasonCode
CII-SR-128  ram:Reason
CII-SR-129  ram:TypeCode
CII-SR-130  ram:CategoryTradeTax
CII-SR-131  ram:ActualTradeCurrencyExchange
@ line-agreement ram:NetPriceProductTradePrice
CII-SR-136  ram:TypeCode
CII-SR-138  ram:MinimumQuantity
CII-SR-139  ram:MaximumQuantity
CII-SR-140  ram:ChangeReason
CII-SR-141  ram:OrderUnitConversionFactorNumeric
CII-SR-142  ram:AppliedTradeAllowanceCharge
CII-SR-446  ram:IncludedTradeTax
CII-SR-143  ram:ValiditySpecifiedPeriod
CII-SR-144  ram:DeliveryTradeLocation
CII-SR-145  ram:TradeComparisonReferencePrice
CII-SR-146  ram:AssociatedReferencedDocument
@ line-delivery
CII-SR-151  ram:RequestedQuantity
CII-SR-152  ram:ReceivedQuantity
CII-SR-153  ram:ChargeFreeQuantity
CII-SR-154  ram:PackageQuantity
CII-SR-155  ram:ProductUnitQuantity
CII-SR-156  ram:PerPackageUnitQuantity
CII-SR-157  ram:NetWeightMeasure
CII-SR-158  ram:GrossWeightMeasure
CII-SR-159  ram:TheoreticalWeightMeasure
CII-SR-160  ram:DespatchedQuantity
CII-SR-161  ram:SpecifiedDeliveryAdjustment
CII-SR-162  ram:IncludedSupplyChainPackaging
CII-SR-163  ram:RelatedSupplyChainConsignment
CII-SR-164  ram:ShipToTradeParty
CII-SR-165  ram:UltimateShipToTradeParty
CII-SR-166  ram:ShipFromTradeParty
CII-SR-167  ram:ActualDespatchSupplyChainEvent
CII-SR-168  ram:ActualPickUpSupplyChainEvent
CII-SR-169  ram:RequestedDeliverySupplyChainEvent
CII-SR-170  ram:ActualDeliverySupplyChainEvent
CII-SR-171  ram:ActualReceiptSupplyChainEvent
CII-SR-172  ram:AdditionalReferencedDocument
CII-SR-173  ram:DespatchAdviceReferencedDocument
CII-SR-174  ram:ReceivingAdviceReferencedDocument
CII-SR-175  ram:DeliveryNoteReferencedDocument
CII-SR-176  ram:ConsumptionReportReferencedDocument
CII-SR-177  ram:PackingListReferencedDocument
@ line-settlement
CII-SR-178  ram:PaymentReference
CII-SR-179  ram:InvoiceIssuerReference
CII-SR-180  ram:TotalAdjustmentAmount
CII-SR-181  ram:DiscountIndicator
CII-SR-182  ram:ApplicableTradeTax/ram:CalculatedAmount
CII-SR-194  ram:SubtotalCalculatedTradeTax
CII-SR-195  ram:SpecifiedLogisticsServiceCharge
CII-SR-196  ram:SpecifiedTradePaymentTerms
CII-SR-209  ram:SpecifiedFinancialAdjustment
CII-SR-210  ram:InvoiceReferencedDocument
CII-SR-212  ram:PayableSpecifiedTradeAccountingAccount
CII-SR-218  ram:PurchaseSpecifiedTradeAccountingAccount
CII-SR-219  ram:SalesSpecifiedTradeAccountingAccount
CII-SR-220  ram:SpecifiedTradeSettlementFinancialCard
@ line-settlement ram:SpecifiedTradeAllowanceCharge
CII-SR-183  ram:ChargeIndicator/udt:IndicatorString
CII-SR-184  ram:ID
CII-SR-185  ram:SequenceNumeric
CII-SR-186  ram:CalculationPercent/@format
CII-SR-187  ram:BasisQuantity
CII-SR-188  ram:PrepaidIndicator
CII-SR-189  ram:UnitBasisAmount
CII-SR-190  ram:TypeCode
CII-SR-191  ram:CategoryTradeTax
CII-SR-192  ram:ActualTradeCurrencyExchange
CII-SR-193  ram:ID
@ line-settlement ram:SpecifiedTradeSettlementLineMonetarySummation
CII-SR-197  ram:ChargeTotalAmount
CII-SR-198  ram:AllowanceTotalAmount
CII-SR-199  ram:TaxBasisTotalAmount
CII-SR-200  ram:TaxTotalAmount
CII-SR-201  ram:GrandTotalAmount
CII-SR-202  ram:InformationAmount
CII-SR-203  ram:TotalAllowanceChargeAmount
CII-SR-204  ram:TotalRetailValueInformationAmount
CII-SR-205  ram:GrossLineTotalAmount
CII-SR-206  ram:NetLineTotalAmount
CII-SR-207  ram:NetIncludingTaxesLineTotalAmount
CII-SR-208  ram:ProductWeightLossInformationAmount
@ line-settlement ram:ReceivableSpecifiedTradeAccountingAccount
CII-SR-213  ram:SetTriggerCode
CII-SR-214  ram:TypeCode
CII-SR-215  ram:AmountTypeCode
CII-SR-216  ram:Name
CII-SR-217  ram:CostReferenceDimensionPattern
"""

AGREEMENT = """
@ agreement
CII-SR-442  ram:Reference
CII-SR-222  ram:SellerTradeParty/ram:RoleCode
CII-SR-278  ram:SalesAgentTradeParty
CII-SR-279  ram:BuyerRequisitionerTradeParty
CII-SR-280  ram:BuyerAssignedAccountantTradeParty
CII-SR-281  ram:SellerAssignedAccountantTradeParty
CII-SR-292  ram:ProductEndUserTradeParty
CII-SR-293  ram:ApplicableTradeDeliveryTerms
CII-SR-294  ram:SellerOrderReferencedDocument/ram:LineID
CII-SR-295  ram:BuyerOrderReferencedDocument/ram:LineID
CII-SR-296  ram:QuotationReferencedDocument
CII-SR-297  ram:OrderResponseReferencedDocument
CII-SR-298  ram:ContractReferencedDocument/ram:LineID
CII-SR-299  ram:DemandForecastReferencedDocument
CII-SR-300  ram:SupplyInstructionReferencedDocument
CII-SR-301  ram:PromotionalDealReferencedDocument
CII-SR-302  ram:PriceListReferencedDocument
CII-SR-303  ram:AdditionalReferencedDocument/ram:LineID
CII-SR-304  ram:RequisitionerReferencedDocument
CII-SR-305  ram:BuyerAgentTradeParty
CII-SR-306  ram:PurchaseConditionsReferencedDocument
CII-SR-307  ram:SpecifiedProcuringProject/ram:Description
CII-SR-448  ram:UltimateCustomerOrderReferencedDocument
@ agreement ram:SellerTradeParty/ram:SpecifiedLegalOrganization
CII-SR-223  ram:LegalClassificationCode
CII-SR-224  ram:Name
CII-SR-225  ram:PostalTradeAddress
CII-SR-226  ram:AuthorizedLegalRegistration
@ agreement ram:SellerTradeParty/ram:DefinedTradeContact
CII-SR-227  ram:ID
CII-SR-228  ram:TypeCode
CII-SR-229  ram:JobTitle
CII-SR-230  ram:Responsibility
CII-SR-231  ram:PersonID
CII-SR-232  ram:TelephoneUniversalCommunication/ram:URIID
CII-SR-233  ram:TelephoneUniversalCommunication/ram:ChannelCode
CII-SR-234  ram:DirectTelephoneUniversalCommunication
CII-SR-235  ram:MobileTelephoneUniversalCommunication
CII-SR-236  ram:FaxUniversalCommunication
CII-SR-237  ram:EmailURIUniversalCommunication/ram:ChannelCode
CII-SR-238  ram:EmailURIUniversalCommunication/ram:CompleteNumber
CII-SR-239  ram:TelexUniversalCommunication
CII-SR-240  ram:VOIPUniversalCommunication
CII-SR-241  ram:InstantMessagingUniversalCommunication
CII-SR-242  ram:SpecifiedNote
CII-SR-243  ram:SpecifiedContactPerson
@ agreement ram:SellerTradeParty
CII-SR-244  ram:URIUniversalCommunication/ram:ChannelCode
CII-SR-245  ram:URIUniversalCommunication/ram:CompleteNumber
CII-SR-246  ram:SpecifiedTaxRegistration/ram:AssociatedRegisteredTax
CII-SR-247  ram:EndPointURIUniversalCommunication
CII-SR-248  ram:LogoAssociatedSpecifiedBinaryFile
@ agreement ram:BuyerTradeParty
CII-SR-249  ram:RoleCode
CII-SR-250  ram:Description
CII-SR-251  ram:SpecifiedLegalOrganization/ram:LegalClassificationCode
CII-SR-252  ram:SpecifiedLegalOrganization/ram:Name
CII-SR-254  ram:SpecifiedLegalOrganization/ram:PostalTradeAddress
CII-SR-255  ram:SpecifiedLegalOrganization/ram:AuthorizedLegalRegistration
CII-SR-273  ram:URIUniversalCommunication/ram:ChannelCode
CII-SR-274  ram:URIUniversalCommunication/ram:CompleteNumber
CII-SR-275  ram:SpecifiedTaxRegistration/ram:AssociatedRegisteredTax
CII-SR-276  ram:EndPointURIUniversalCommunication
CII-SR-277  ram:LogoAssociatedSpecifiedBinaryFile
@ agreement ram:BuyerTradeParty/ram:DefinedTradeContact
CII-SR-256  ram:ID
CII-SR-257  ram:TypeCode
CII-SR-258  ram:JobTitle
CII-SR-259  ram:Responsibility
CII-SR-260  ram:PersonID
CII-SR-261  ram:TelephoneUniversalCommunication/ram:URIID
CII-SR-262  ram:TelephoneUniversalCommunication/ram:ChannelCode
CII-SR-263  ram:DirectTelephoneUniversalCommunication
CII-SR-264  ram:MobileTelephoneUniversalCommunication
CII-SR-265  ram:FaxUniversalCommunication
CII-SR-266  ram:EmailURIUniversalCommunication/ram:ChannelCode
CII-SR-267  ram:EmailURIUniversalCommunication/ram:CompleteNumber
CII-SR-268  ram:TelexUniversalCommunication
CII-SR-269  ram:VOIPUniversalCommunication
CII-SR-270  ram:InstantMessagingUniversalCommunication
CII-SR-271  ram:SpecifiedNote
CII-SR-272  ram:SpecifiedContactPerson
@ agreement ram:SellerTaxRepresentativeTradeParty
CII-SR-282  ram:ID
CII-SR-283  ram:GlobalID
CII-SR-284  ram:RoleCode
CII-SR-285  ram:Description
CII-SR-286  ram:SpecifiedLegalOrganization
CII-SR-287  ram:DefinedTradeContact
CII-SR-288  ram:URIUniversalCommunication
CII-SR-289  ram:SpecifiedTaxRegistration/ram:AssociatedRegisteredTax
CII-SR-290  ram:EndPointURIUniversalCommunication
CII-SR-291  ram:LogoAssociatedSpecifiedBinaryFile
@ delivery
CII-SR-308  ram:RelatedSupplyChainConsignment
CII-SR-317  ram:UltimateShipToTradeParty
CII-SR-318  ram:ShipFromTradeParty
CII-SR-319  ram:ActualDespatchSupplyChainEvent
CII-SR-320  ram:ActualPickUpSupplyChainEvent
CII-SR-331  ram:ActualReceiptSupplyChainEvent
CII-SR-332  ram:AdditionalReferencedDocument
CII-SR-333  ram:DespatchAdviceReferencedDocument/ram:LineID
CII-SR-334  ram:DespatchAdviceReferencedDocument/ram:LineID
CII-SR-335  ram:DeliveryNoteReferencedDocument
CII-SR-336  ram:ConsumptionReportReferencedDocument
CII-SR-337  ram:PreviousDeliverySupplyChainEvent
CII-SR-338  ram:PackingListReferencedDocument
@ delivery ram:ShipToTradeParty
CII-SR-309  ram:RoleCode
CII-SR-310  ram:Description
CII-SR-311  ram:SpecifiedLegalOrganization
CII-SR-312  ram:DefinedTradeContact
CII-SR-313  ram:URIUniversalCommunication
CII-SR-314  ram:SpecifiedTaxRegistration
CII-SR-315  ram:EndPointURIUniversalCommunication
CII-SR-316  ram:LogoAssociatedSpecifiedBinaryFile
@ delivery ram:ActualDeliverySupplyChainEvent
CII-SR-321  ram:ID
CII-SR-322  ram:OccurrenceDateTime/udt:DateTime
CII-SR-323  ram:TypeCode
CII-SR-324  ram:Description
CII-SR-325  ram:DescriptionBinaryObject
CII-SR-326  ram:UnitQuantity
CII-SR-327  ram:LatestOccurrenceDateTime
CII-SR-328  ram:EarliestOccurrenceDateTime
CII-SR-329  ram:OccurrenceSpecifiedPeriod
CII-SR-330  ram:OccurrenceLogisticsLocation
"""

SETTLEMENT = """
@ settlement
CII-SR-339  ram:DuePayableAmount
CII-SR-340  ram:CreditorReferenceTypeCode
CII-SR-341  ram:CreditorReferenceType
CII-SR-342  ram:CreditorReferenceIssuerID
CII-SR-344  ram:PaymentCurrencyCode
CII-SR-345  ram:InvoiceIssuerReference
CII-SR-346  ram:InvoiceDateTime
CII-SR-347  ram:NextInvoiceDateTime
CII-SR-348  ram:CreditReasonCode
CII-SR-349  ram:CreditReason
CII-SR-350  ram:InvoicerTradeParty
CII-SR-351  ram:InvoiceeTradeParty
CII-SR-365  ram:PayerTradeParty
CII-SR-366  ram:TaxApplicableTradeCurrencyExchange
CII-SR-367  ram:InvoiceApplicableTradeCurrencyExchange
CII-SR-368  ram:PaymentApplicableTradeCurrencyExchange
CII-SR-395  ram:SubtotalCalculatedTradeTax
CII-SR-396  ram:SpecifiedLogisticsServiceCharge
CII-SR-421  ram:SpecifiedFinancialAdjustment
CII-SR-422  ram:InvoiceReferencedDocument/ram:LineID
CII-SR-423  ram:ProFormaInvoiceReferencedDocument
CII-SR-424  ram:LetterOfCreditReferencedDocument
CII-SR-425  ram:FactoringAgreementReferencedDocument
CII-SR-426  ram:FactoringListReferencedDocument
CII-SR-427  ram:PayableSpecifiedTradeAccountingAccount
CII-SR-433  ram:PurchaseSpecifiedTradeAccountingAccount
CII-SR-434  ram:SalesSpecifiedTradeAccountingAccount
CII-SR-435  ram:SpecifiedTradeSettlementFinancialCard
CII-SR-436  ram:SpecifiedAdvancePayment
CII-SR-437  ram:UltimatePayeeTradeParty
@ settlement ram:PayeeTradeParty
CII-SR-352  ram:RoleCode
CII-SR-353  ram:Description
CII-SR-354  ram:SpecifiedLegalOrganization/ram:LegalClassificationCode
CII-SR-355  ram:SpecifiedLegalOrganization/ram:Name
CII-SR-356  ram:SpecifiedLegalOrganization/ram:TradingBusinessName
CII-SR-357  ram:SpecifiedLegalOrganization/ram:PostalTradeAddress
CII-SR-358  ram:SpecifiedLegalOrganization/ram:AuthorizedLegalRegistration
CII-SR-359  ram:DefinedTradeContact
CII-SR-360  ram:PostalTradeAddress
CII-SR-361  ram:URIUniversalCommunication
CII-SR-362  ram:SpecifiedTaxRegistration
CII-SR-363  ram:EndPointURIUniversalCommunication
CII-SR-364  ram:LogoAssociatedSpecifiedBinaryFile
@ settlement ram:SpecifiedTradeSettlementPaymentMeans
CII-SR-369  ram:PaymentChannelCode
CII-SR-370  ram:GuaranteeMethodCode
CII-SR-371  ram:PaymentMethodCode
CII-SR-443  ram:ID
CII-SR-382  ram:PayerPartyDebtorFinancialAccount/ram:AccountName
CII-SR-444  ram:PayerPartyDebtorFinancialAccount/ram:ProprietaryID
CII-SR-384  ram:PayerSpecifiedDebtorFinancialInstitution/ram:ClearingSystemName
CII-SR-385  ram:PayerSpecifiedDebtorFinancialInstitution/ram:Name
CII-SR-386  ram:PayerSpecifiedDebtorFinancialInstitution/ram:LocationFinancialInstitutionAddress
@ settlement ram:SpecifiedTradeSettlementPaymentMeans/ram:ApplicableTradeSettlementFinancialCard
CII-SR-372  ram:MicrochipIndicator
CII-SR-373  ram:TypeCode
CII-SR-375  ram:ExpiryDate
CII-SR-376  ram:VerificationNumeric
CII-SR-377  ram:ValidFromDateTime
CII-SR-378  ram:CreditLimitAmount
CII-SR-379  ram:CreditAvailableAmount
CII-SR-380  ram:InterestRatePercent
CII-SR-381  ram:Description
@ settlement ram:SpecifiedTradeAllowanceCharge
CII-SR-388  ram:ID
CII-SR-389  ram:SequenceNumeric
CII-SR-390  ram:BasisQuantity
CII-SR-391  ram:PrepaidIndicator
CII-SR-392  ram:UnitBasisAmount
CII-SR-393  ram:TypeCode
CII-SR-394  ram:ActualTradeCurrencyExchange
@ settlement ram:SpecifiedTradePaymentTerms
CII-SR-397  ram:ID
CII-SR-398  ram:FromEventCode
CII-SR-399  ram:SettlementPeriodMeasure
CII-SR-400  ram:DueDateDateTime/udt:DateTime
CII-SR-401  ram:TypeCode
CII-SR-402  ram:InstructionTypeCode
CII-SR-404  ram:PartialPaymentPercent
CII-SR-405  ram:PaymentMeansID
CII-SR-406  ram:PartialPaymentAmount
CII-SR-407  ram:ApplicableTradePaymentPenaltyTerms
CII-SR-408  ram:ApplicableTradePaymentDiscountTerms
CII-SR-409  ram:PayeeTradeParty
@ settlement ram:ReceivableSpecifiedTradeAccountingAccount
CII-SR-428  ram:SetTriggerCode
CII-SR-429  ram:TypeCode
CII-SR-430  ram:AmountTypeCode
CII-SR-431  ram:Name
CII-SR-432  ram:CostReferenceDimensionPattern
@ totals
CII-SR-411  ram:InformationAmount
CII-SR-412  ram:TotalDiscountAmount
CII-SR-413  ram:TotalAllowanceChargeAmount
CII-SR-414  ram:RetailValueExcludingTaxInformationAmount
CII-SR-415  ram:TotalDepositFeeInformationAmount
CII-SR-416  ram:ProductValueExcludingTobaccoTaxInformationAmount
CII-SR-417  ram:TotalRetailValueInformationAmount
CII-SR-418  ram:GrossLineTotalAmount
CII-SR-419  ram:NetLineTotalAmount
CII-SR-420  ram:NetIncludingTaxesLineTotalAmount
"""

DATA_TYPES = """
@ plain-id
CII-DT-001 !  @schemeName
CII-DT-002 !  @schemeAgencyName
CII-DT-003 !  @schemeDataURI
CII-DT-004 !  @schemeURI
CII-DT-005 !  @schemeID
CII-DT-006 !  @schemeAgencyID
CII-DT-007 !  @schemeVersionID
@ id
CII-DT-101 !  @schemeName
CII-DT-102 !  @schemeAgencyName
CII-DT-103 !  @schemeDataURI
CII-DT-104 !  @schemeURI
@ type-code
CII-DT-008 !  @name
CII-DT-009 !  @listURI
@ plain-type-code
CII-DT-010 !  @listID
CII-DT-011 !  @listAgencyID
CII-DT-012 !  @listVersionID
@ category-code
CII-DT-045  @listID
CII-DT-046  @listAgencyID
CII-DT-047  @listVersionID
CII-DT-048  @listURI
@ referenced-document
CII-DT-016 !  ram:StatusCode
CII-DT-017 !  ram:CopyIndicator
CII-DT-019 !  ram:GlobalID
CII-DT-020 !  ram:RevisionID
CII-DT-023 !  ram:Information
CII-DT-025 !  ram:SectionName
CII-DT-026 !  ram:PreviousRevisionID
CII-DT-028 !  ram:EffectiveSpecifiedPeriod
CII-DT-029 !  ram:IssuerTradeParty
CII-DT-030 !  ram:AttachedSpecifiedBinaryFile
@ amount
CII-DT-031 !  @currencyID
CII-DT-032 !  @currencyCodeListVersionID
@ quantity
CII-DT-034 !  @unitCodeListID
CII-DT-035 !  @unitCodeListAgencyID
CII-DT-036 !  @unitCodeListAgencyName
@ trade-tax
CII-DT-038  ram:CalculatedRate
CII-DT-039  ram:CalculationSequenceNumeric
CII-DT-040  ram:BasisQuantity
CII-DT-042  ram:UnitBasisAmount
CII-DT-043  ram:LineTotalBasisAmount
CII-DT-044  ram:AllowanceChargeBasisAmount
CII-DT-049  ram:CurrencyCode
CII-DT-050  ram:Jurisdiction
CII-DT-051  ram:CustomsDutyIndicator
CII-DT-053  ram:TaxBasisAllowanceRate
CII-DT-055  ram:Type
CII-DT-056  ram:InformationAmount
CII-DT-057  ram:CategoryName
CII-DT-059  ram:RateApplicablePercent/@format
CII-DT-060  ram:SpecifiedTradeAccountingAccount
CII-DT-061  ram:ServiceSupplyTradeCountry
CII-DT-062  ram:BuyerRepayableTaxSpecifiedTradeAccountingAccount
CII-DT-063  ram:SellerPayableTaxSpecifiedTradeAccountingAccount
CII-DT-064  ram:SellerRefundableTaxSpecifiedTradeAccountingAccount
CII-DT-065  ram:BuyerDeductibleTaxSpecifiedTradeAccountingAccount
CII-DT-066  ram:BuyerNonDeductibleTaxSpecifiedTradeAccountingAccount
CII-DT-067  ram:PlaceApplicableTradeLocation
@ billing-period
CII-DT-068 !  ram:StartDateTime/udt:DateTime
CII-DT-069 !  ram:DurationMeasure
CII-DT-070 !  ram:InclusiveIndicator
CII-DT-071 !  ram:Description
CII-DT-072 !  ram:EndDateTime/udt:DateTime
CII-DT-073 !  ram:CompleteDateTime
CII-DT-074 !  ram:OpenIndicator
CII-DT-075 !  ram:SeasonCode
CII-DT-076 !  ram:ID
CII-DT-077 !  ram:Name
CII-DT-078 !  ram:SequenceNumeric
CII-DT-079 !  ram:StartDateFlexibilityCode
CII-DT-080 !  ram:ContinuousIndicator
CII-DT-081 !  ram:PurposeCode
@ postal-address
CII-DT-082 !  ram:ID
CII-DT-083 !  ram:PostOfficeBox
CII-DT-084 !  ram:BuildingName
CII-DT-086 !  ram:LineFour
CII-DT-087 !  ram:LineFive
CII-DT-088 !  ram:StreetName
CII-DT-089 !  ram:CitySubDivisionName
CII-DT-090 !  ram:CountryName
CII-DT-091 !  ram:CountrySubDivisionID
CII-DT-092 !  ram:AttentionOf
CII-DT-093 !  ram:CareOf
CII-DT-094 !  ram:BuildingNumber
CII-DT-095 !  ram:DepartmentName
CII-DT-096 !  ram:AdditionalStreetName
"""
