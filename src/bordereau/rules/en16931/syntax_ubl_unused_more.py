"""UBL elements and attributes that EN 16931 leaves out (UBL-CR-*), second part: delivery, payment, allowances and
charges, totals, lines, and the attributes and elements checked wherever they occur.

Same notation as :mod:`.syntax_ubl_unused`; ``(cac:InvoiceLine|cac:CreditNoteLine)`` makes a path hold for the lines
of an invoice and of a credit note alike; ``//cac:X`` contexts are that element wherever it occurs, ``//*`` any.
"""

REST = """
@ doc cac:Delivery
UBL-CR-342  cbc:ID
UBL-CR-343  cbc:Quantity
UBL-CR-344  cbc:MinimumQuantity
UBL-CR-345  cbc:MaximumQuantity
UBL-CR-346  cbc:ActualDeliveryTime
UBL-CR-347  cbc:LatestDeliveryDate
UBL-CR-348  cbc:LatestDeliveryTime
UBL-CR-349  cbc:ReleaseID
UBL-CR-350  cbc:TrackingID
@ doc cac:Delivery/cac:DeliveryLocation
UBL-CR-351  cbc:Description
UBL-CR-352  cbc:Conditions
UBL-CR-353  cbc:CountrySubentity
UBL-CR-354  cbc:CountrySubentityCode
UBL-CR-355  cbc:LocationTypeCode
UBL-CR-356  cbc:InformationURI
UBL-CR-357  cbc:Name
UBL-CR-358  cac:ValidityPeriod
@ doc cac:Delivery/cac:DeliveryLocation/cac:Address
UBL-CR-359  cbc:ID
UBL-CR-360  cbc:AddressTypeCode
UBL-CR-361  cbc:AddressFormatCode
UBL-CR-362  cbc:Postbox
UBL-CR-363  cbc:Floor
UBL-CR-364  cbc:Room
UBL-CR-365  cbc:BlockName
UBL-CR-366  cbc:BuildingName
UBL-CR-367  cbc:BuildingNumber
UBL-CR-368  cbc:InhouseMail
UBL-CR-369  cbc:Department
UBL-CR-370  cbc:MarkAttention
UBL-CR-371  cbc:MarkCare
UBL-CR-372  cbc:PlotIdentification
UBL-CR-373  cbc:CitySubdivisionName
UBL-CR-374  cbc:CountrySubentityCode
UBL-CR-375  cbc:Region
UBL-CR-376  cbc:District
UBL-CR-377  cbc:TimezoneOffset
@ doc
UBL-CR-378  cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:Name
UBL-CR-379  cac:Delivery/cac:DeliveryLocation/cac:Address/cac:LocationCoordinate
@ doc cac:Delivery/cac:DeliveryLocation
UBL-CR-380  cac:SubsidiaryLocation
UBL-CR-381  cac:LocationCoordinate
@ doc cac:Delivery
UBL-CR-382  cac:AlternativeDeliveryLocation
UBL-CR-383  cac:RequestedDeliveryPeriod
UBL-CR-384  cac:EstimatedDeliveryPeriod
UBL-CR-385  cac:CarrierParty
@ doc cac:Delivery/cac:DeliveryParty
UBL-CR-386  cbc:MarkCareIndicator
UBL-CR-387  cbc:MarkAttentionIndicator
UBL-CR-388  cbc:WebsiteURI
UBL-CR-389  cbc:LogoReferenceID
UBL-CR-390  cbc:EndpointID
UBL-CR-391  cbc:IndustryClassificationCode
UBL-CR-392  cac:PartyIdentification
UBL-CR-393  cac:Language
UBL-CR-394  cac:PostalAddress
UBL-CR-395  cac:PhysicalLocation
UBL-CR-396  cac:PartyTaxScheme
UBL-CR-397  cac:PartyLegalEntity
UBL-CR-398  cac:Contact
UBL-CR-399  cac:Person
UBL-CR-400  cac:AgentParty
UBL-CR-401  cac:ServiceProviderParty
UBL-CR-402  cac:PowerOfAttorney
UBL-CR-403  cac:FinancialAccount
@ doc cac:Delivery
UBL-CR-404  cac:NotifyParty
UBL-CR-405  cac:Despatch
UBL-CR-406  cac:DeliveryTerms
UBL-CR-407  cac:MinimumDeliveryUnit
UBL-CR-408  cac:MaximumDeliveryUnit
UBL-CR-409  cac:Shipment
@ doc
UBL-CR-410  cac:DeliveryTerms
UBL-CR-411  cac:PaymentMeans/cbc:ID
@ /ubl:Invoice
UBL-CR-412  cac:PaymentMeans/cbc:PaymentDueDate
@ doc cac:PaymentMeans
UBL-CR-413  cbc:PaymentChannelCode
UBL-CR-414  cbc:InstructionID
@ doc cac:PaymentMeans/cac:CardAccount
UBL-CR-415  cbc:CardTypeCode
UBL-CR-416  cbc:ValidityStartDate
UBL-CR-417  cbc:ExpiryDate
UBL-CR-418  cbc:IssuerID
UBL-CR-419  cbc:IssueNumberID
UBL-CR-420  cbc:CV2ID
UBL-CR-421  cbc:CardChipCode
UBL-CR-422  cbc:ChipApplicationID
@ doc cac:PaymentMeans/cac:PayeeFinancialAccount
UBL-CR-424  cbc:AliasName
UBL-CR-425  cbc:AccountTypeCode
UBL-CR-426  cbc:AccountFormatCode
UBL-CR-427  cbc:CurrencyCode
UBL-CR-428  cbc:PaymentNote
@ doc
UBL-CR-429  cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:Name
@ doc cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cac:FinancialInstitution
UBL-CR-430  cbc:Name
UBL-CR-431  cac:Address
@ doc
UBL-CR-432  cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cac:Address
UBL-CR-433  cac:PaymentMeans/cac:PayeeFinancialAccount/cac:Country
UBL-CR-434  cac:PaymentMeans/cac:CreditAccount
@ doc cac:PaymentMeans/cac:PaymentMandate
UBL-CR-435  cbc:MandateTypeCode
UBL-CR-436  cbc:MaximumPaymentInstructionsNumeric
UBL-CR-437  cbc:MaximumPaidAmount
UBL-CR-438  cbc:SignatureID
UBL-CR-439  cac:PayerParty
@ doc cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount
UBL-CR-440  cbc:Name
UBL-CR-441  cbc:AliasName
UBL-CR-442  cbc:AccountTypeCode
UBL-CR-443  cbc:AccountFormatCode
UBL-CR-444  cbc:CurrencyCode
UBL-CR-445  cbc:PaymentNote
UBL-CR-446  cac:FinancialInstitutionBranch
UBL-CR-447  cac:Country
@ doc cac:PaymentMeans/cac:PaymentMandate
UBL-CR-448  cac:ValidityPeriod
UBL-CR-449  cac:PaymentReversalPeriod
UBL-CR-450  cac:Clause
@ doc
UBL-CR-451  cac:PaymentMeans/cac:TradeFinancing
@ doc cac:PaymentTerms
UBL-CR-452  cbc:ID
UBL-CR-453  cbc:PaymentMeansID
UBL-CR-454  cbc:PrepaidPaymentReferenceID
UBL-CR-455  cbc:ReferenceEventCode
UBL-CR-456  cbc:SettlementDiscountPercent
UBL-CR-457  cbc:PenaltySurchargePercent
UBL-CR-458  cbc:PaymentPercent
UBL-CR-459  cbc:Amount
UBL-CR-460  cbc:SettlementDiscountAmount
UBL-CR-461  cbc:PenaltyAmount
UBL-CR-462  cbc:PaymentTermsDetailsURI
UBL-CR-463  cbc:PaymentDueDate
UBL-CR-464  cbc:InstallmentDueDate
UBL-CR-465  cbc:InvoicingPartyReference
UBL-CR-466  cac:SettlementPeriod
UBL-CR-467  cac:PenaltyPeriod
UBL-CR-468  cac:ExchangeRate
UBL-CR-469  cac:ValidityPeriod
@ doc
UBL-CR-470  cac:PrepaidPayment
@ doc cac:AllowanceCharge
UBL-CR-471  cbc:ID
UBL-CR-472  cbc:PrepaidIndicator
UBL-CR-473  cbc:SequenceNumeric
UBL-CR-474  cbc:AccountingCostCode
UBL-CR-475  cbc:AccountingCost
UBL-CR-476  cbc:PerUnitAmount
@ doc cac:AllowanceCharge/cac:TaxCategory
UBL-CR-477  cbc:Name
UBL-CR-478  cbc:BaseUnitMeasure
UBL-CR-479  cbc:PerUnitAmount
UBL-CR-480  cbc:TaxExemptionReasonCode
UBL-CR-481  cbc:TaxExemptionReason
UBL-CR-482  cbc:TierRange
UBL-CR-483  cbc:TierRatePercent
@ doc cac:AllowanceCharge/cac:TaxCategory/cac:TaxScheme
UBL-CR-484  cbc:Name
UBL-CR-485  cbc:TaxTypeCode
UBL-CR-486  cbc:CurrencyCode
UBL-CR-487  cac:JurisdictionRegionAddress
@ doc cac:AllowanceCharge
UBL-CR-488  cac:TaxTotal
UBL-CR-489  cac:PaymentMeans
@ doc
UBL-CR-490  cac:TaxExchangeRate
UBL-CR-491  cac:PricingExchangeRate
UBL-CR-492  cac:PaymentExchangeRate
UBL-CR-493  cac:PaymentAlternativeExchangeRate
@ doc cac:TaxTotal
UBL-CR-494  cbc:RoundingAmount
UBL-CR-495  cbc:TaxEvidenceIndicator
UBL-CR-496  cbc:TaxIncludedIndicator
@ doc cac:TaxTotal/cac:TaxSubtotal
UBL-CR-497  cbc:CalculationSequenceNumeric
UBL-CR-498  cbc:TransactionCurrencyTaxAmount
UBL-CR-499  cbc:Percent
UBL-CR-500  cbc:BaseUnitMeasure
UBL-CR-501  cbc:PerUnitAmount
UBL-CR-502  cbc:TierRange
UBL-CR-503  cbc:TierRatePercent
@ doc cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory
UBL-CR-504  cbc:Name
UBL-CR-505  cbc:BaseUnitMeasure
UBL-CR-506  cbc:PerUnitAmount
UBL-CR-507  cbc:TierRange
UBL-CR-508  cbc:TierRatePercent
@ doc cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cac:TaxScheme
UBL-CR-509  cbc:Name
UBL-CR-510  cbc:TaxTypeCode
UBL-CR-511  cbc:CurrencyCode
UBL-CR-512  cac:JurisdictionRegionAddress
@ doc
UBL-CR-513  cac:WithholdingTaxTotal
UBL-CR-514  cac:LegalMonetaryTotal/cbc:PayableAlternativeAmount
@ doc (cac:InvoiceLine|cac:CreditNoteLine)
UBL-CR-515  cbc:UUID
UBL-CR-516  cbc:TaxPointDate
UBL-CR-517  cbc:AccountingCostCode
UBL-CR-518  cbc:PaymentPurposeCode
UBL-CR-519  cbc:FreeOfChargeIndicator
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:InvoicePeriod
UBL-CR-520  cbc:StartTime
UBL-CR-521  cbc:EndTime
UBL-CR-522  cbc:DurationMeasure
UBL-CR-523  cbc:DescriptionCode
UBL-CR-524  cbc:Description
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:OrderLineReference
UBL-CR-525  cbc:SalesOrderLineID
UBL-CR-526  cbc:UUID
UBL-CR-527  cbc:LineStatusCode
UBL-CR-528  cac:OrderReference
@ doc (cac:InvoiceLine|cac:CreditNoteLine)
UBL-CR-529  cac:DespatchLineReference
UBL-CR-530  cac:ReceiptLineReference
UBL-CR-531  cac:BillingReference
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:DocumentReference
UBL-CR-532  cbc:CopyIndicator
UBL-CR-533  cbc:UUID
UBL-CR-534  cbc:IssueDate
UBL-CR-535  cbc:IssueTime
UBL-CR-537  cbc:DocumentType
UBL-CR-538  cbc:XPath
UBL-CR-539  cbc:LanguageID
UBL-CR-540  cbc:LocaleCode
UBL-CR-541  cbc:VersionID
UBL-CR-542  cbc:DocumentStatusCode
UBL-CR-543  cbc:DocumentDescription
UBL-CR-544  cac:Attachment
UBL-CR-545  cac:ValidityPeriod
UBL-CR-546  cac:IssuerParty
UBL-CR-547  cac:ResultOfVerification
@ doc (cac:InvoiceLine|cac:CreditNoteLine)
UBL-CR-548  cac:PricingReference
UBL-CR-549  cac:OriginatorParty
UBL-CR-550  cac:Delivery
UBL-CR-551  cac:PaymentTerms
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:AllowanceCharge
UBL-CR-552  cbc:ID
UBL-CR-553  cbc:PrepaidIndicator
UBL-CR-554  cbc:SequenceNumeric
UBL-CR-555  cbc:AccountingCostCode
UBL-CR-556  cbc:AccountingCost
UBL-CR-557  cbc:PerUnitAmount
UBL-CR-558  cac:TaxCategory
UBL-CR-559  cac:TaxTotal
UBL-CR-560  cac:PaymentMeans
@ doc (cac:InvoiceLine|cac:CreditNoteLine)
UBL-CR-561  cac:TaxTotal
UBL-CR-562  cac:WithholdingTaxTotal
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item
UBL-CR-563  cbc:PackQuantity
UBL-CR-564  cbc:PackSizeNumeric
UBL-CR-565  cbc:CatalogueIndicator
UBL-CR-566  cbc:HazardousRiskIndicator
UBL-CR-567  cbc:AdditionalInformation
UBL-CR-568  cbc:Keyword
UBL-CR-569  cbc:BrandName
UBL-CR-570  cbc:ModelName
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:BuyersItemIdentification
UBL-CR-571  cbc:ExtendedID
UBL-CR-572  cbc:BarcodeSymbologyID
UBL-CR-573  cac:PhysicalAttribute
UBL-CR-574  cac:MeasurementDimension
UBL-CR-575  cac:IssuerParty
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:SellersItemIdentification
UBL-CR-576  cbc:ExtendedID
UBL-CR-577  cbc:BarcodeSymbologyID
UBL-CR-578  cac:PhysicalAttribute
UBL-CR-579  cac:MeasurementDimension
UBL-CR-580  cac:IssuerParty
@ doc
UBL-CR-581  (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:ManufacturersItemIdentification
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:StandardItemIdentification
UBL-CR-582  cbc:ExtendedID
UBL-CR-583  cbc:BarcodeSymbologyID
UBL-CR-584  cac:PhysicalAttribute
UBL-CR-585  cac:MeasurementDimension
UBL-CR-586  cac:IssuerParty
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item
UBL-CR-587  cac:CatalogueItemIdentification
UBL-CR-588  cac:AdditionalItemIdentification
UBL-CR-589  cac:CatalogueDocumentReference
UBL-CR-590  cac:ItemSpecificationDocumentReference
@ doc
UBL-CR-591  (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:OriginCountry/cbc:Name
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:CommodityClassification
UBL-CR-592  cbc:NatureCode
UBL-CR-593  cbc:CargoTypeCode
UBL-CR-594  cbc:CommodityCode
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item
UBL-CR-595  cac:TransactionConditions
UBL-CR-596  cac:HazardousItem
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:ClassifiedTaxCategory
UBL-CR-597  cbc:Name
UBL-CR-598  cbc:BaseUnitMeasure
UBL-CR-599  cbc:PerUnitAmount
UBL-CR-600  cbc:TaxExemptionReasonCode
UBL-CR-601  cbc:TaxExemptionReason
UBL-CR-602  cbc:TierRange
UBL-CR-603  cbc:TierRatePercent
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:ClassifiedTaxCategory/cac:TaxScheme
UBL-CR-604  cbc:Name
UBL-CR-605  cbc:TaxTypeCode
UBL-CR-606  cbc:CurrencyCode
UBL-CR-607  cac:JurisdictionRegionAddress
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:AdditionalItemProperty
UBL-CR-608  cbc:ID
UBL-CR-609  cbc:NameCode
UBL-CR-610  cbc:TestMethod
UBL-CR-611  cbc:ValueQuantity
UBL-CR-612  cbc:ValueQualifier
UBL-CR-613  cbc:ImportanceCode
UBL-CR-614  cbc:ListValue
UBL-CR-615  cac:UsabilityPeriod
UBL-CR-616  cac:ItemPropertyGroup
UBL-CR-617  cac:RangeDimension
UBL-CR-618  cac:ItemPropertyRange
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Item
UBL-CR-619  cac:ManufacturerParty
UBL-CR-620  cac:InformationContentProviderParty
UBL-CR-621  cac:OriginAddress
UBL-CR-622  cac:ItemInstance
UBL-CR-623  cac:Certificate
UBL-CR-624  cac:Dimension
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Price
UBL-CR-625  cbc:PriceChangeReason
UBL-CR-626  cbc:PriceTypeCode
UBL-CR-627  cbc:PriceType
UBL-CR-628  cbc:OrderableUnitFactorRate
UBL-CR-629  cbc:ValidityPeriod
UBL-CR-630  cbc:PriceList
@ doc (cac:InvoiceLine|cac:CreditNoteLine)/cac:Price/cac:AllowanceCharge
UBL-CR-632  cbc:ID
UBL-CR-633  cbc:AllowanceChargeReasonCode
UBL-CR-634  cbc:AllowanceChargeReason
UBL-CR-635  cbc:MultiplierFactorNumeric
UBL-CR-636  cbc:PrepaidIndicator
UBL-CR-637  cbc:SequenceNumeric
UBL-CR-638  cbc:AccountingCostCode
UBL-CR-639  cbc:AccountingCost
UBL-CR-640  cbc:PerUnitAmount
UBL-CR-641  cac:TaxCategory
UBL-CR-642  cac:TaxTotal
UBL-CR-643  cac:PaymentMeans
@ doc
UBL-CR-644  (cac:InvoiceLine|cac:CreditNoteLine)/cac:Price/cac:PricingExchangeRate
@ doc (cac:InvoiceLine|cac:CreditNoteLine)
UBL-CR-645  cac:DeliveryTerms
UBL-CR-646  cac:SubInvoiceLine
UBL-CR-647  cac:ItemPriceExtension
@ doc
UBL-CR-648  cbc:CustomizationID/@schemeID
UBL-CR-649  cbc:ProfileID/@schemeID
UBL-CR-650  cbc:ID/@schemeID
UBL-CR-651  cbc:SalesOrderID/@schemeID
@ //cac:PartyTaxScheme
UBL-CR-652  cbc:CompanyID/@schemeID
@ doc
UBL-CR-653  cac:PaymentMeans/cbc:PaymentID/@schemeID
UBL-CR-654  cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID/@schemeID
UBL-CR-655  cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID/@schemeID
UBL-CR-656  cbc:InvoiceTypeCode/@listID
UBL-CR-657  cbc:DocumentCurrencyCode/@listID
UBL-CR-658  cbc:TaxCurrencyCode/@listID
UBL-CR-659  cac:AdditionalDocumentReference/cbc:DocumentTypeCode/@listID
@ //cac:Country
UBL-CR-660  cbc:IdentificationCode/@listID
@ doc
UBL-CR-661  cac:PaymentMeans/cbc:PaymentMeansCode/@listID
@ //cbc:AllowanceChargeReasonCode
UBL-CR-662  @listID
@ //*
UBL-CR-663  @unitCodeListID
@ //cac:FinancialInstitution
UBL-CR-664  .
@ adr-other
UBL-CR-665  cbc:ID/@schemeID
@ adr-object
UBL-CR-666 !  cac:Attachment
@ //cac:BuyersItemIdentification
UBL-CR-667  cbc:ID/@schemeID
@ //cac:SellersItemIdentification
UBL-CR-668  cbc:ID/@schemeID
@ //cac:Price
UBL-CR-669  cac:AllowanceCharge/cbc:AllowanceChargeReasonCode
UBL-CR-670  cac:AllowanceCharge/cbc:AllowanceChargeReason
UBL-CR-671  cac:AllowanceCharge/cbc:MultiplierFactorNumeric
@ doc
UBL-CR-672  cbc:CreditNoteTypeCode/@listID
@ adr-object
UBL-CR-673 !  cbc:DocumentDescription
@ //cbc:PrimaryAccountNumberID
UBL-CR-674  @schemeID
@ //cac:CardAccount
UBL-CR-675  cbc:NetworkID/@schemeID
@ //cac:PaymentMandate
UBL-CR-676  cbc:ID/@schemeID
UBL-CR-677  cac:PayerFinancialAccount/cbc:ID/@schemeID
@ //cac:TaxCategory
UBL-CR-678  cbc:ID/@schemeID
@ //cac:ClassifiedTaxCategory
UBL-CR-679  cbc:ID/@schemeID
@ //cac:PaymentMeans
UBL-CR-680  cac:PayerFinancialAccount
@ doc
UBL-CR-681  cac:PaymentMeans/cbc:InstructionNote
UBL-CR-682  cac:Delivery/cac:DeliveryAddress
"""
