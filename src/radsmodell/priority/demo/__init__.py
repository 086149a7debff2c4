"""The prioritisation's demo data: the council's scores of 2022 (ehelseraad-2022.csv), see README.md."""
